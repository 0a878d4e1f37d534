"""The RQ worker ``tracker worker`` runs, and stops promptly.

RQ listens for commands to its worker on a Redis pub/sub thread that waits up to 60 s for a message. When
the worker stops, it unsubscribes and then waits for that thread; with redis-py 8, a thread whose channel
is already unsubscribed sits out the whole 60 s wait first, so every stop (a burst, a deploy, Ctrl+C)
took a minute. Listening in one-second waits makes a stop take at most a second.
"""

from __future__ import annotations

from rq import SimpleWorker, Worker

LISTEN_SECONDS = 1.0


class _PromptStop:
    def subscribe(self) -> None:
        """As RQ's own, but waiting for messages a second at a time (see the module's docstring)."""
        self.pubsub = self.connection.pubsub()  # type: ignore[attr-defined]
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})  # type: ignore[attr-defined]
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=LISTEN_SECONDS,
            daemon=True,
            exception_handler=self._pubsub_exception_handler,  # type: ignore[attr-defined]
        )


class ImportWorker(_PromptStop, Worker):
    """Forks a work horse for each job, as RQ's default worker does."""


class InlineWorker(_PromptStop, SimpleWorker):
    """Runs each job in the worker's own process, without a fork (tests)."""
