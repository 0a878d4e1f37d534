"""The one walk of the partnership tree that rules, roll-ups and the register page share."""

from tracker.domain.tree import walk


def test_tree_walk_orders_each_node_before_its_children_in_the_given_sibling_order():
    nodes = [(1, None), (2, 1), (3, 1), (4, 2), (5, None), (6, 99)]  # 6's parent is not in the register
    assert walk(nodes) == [(0, 1), (1, 2), (2, 4), (1, 3), (0, 5), (0, 6)]


def test_tree_walk_leaves_out_a_loop_instead_of_walking_it_for_ever():
    assert walk([(1, None), (2, 3), (3, 2)]) == [(0, 1)]
