"""Names vulture reports unused that something it cannot read does use: Jinja templates, Flask routes and
hooks, Flask-Login, Click, SQLAlchemy, gunicorn, re2's options and tests. Only such names belong here; code
nothing uses is deleted instead. Never run: ``vulture`` (configured in pyproject.toml) reads it as used names."""

# ruff: noqa: B018  (each line only mentions names)

_ = object()  # vulture counts a name used wherever it appears, attribute or not

# Flask views (found through their @bp.route) and hooks (before_request, context_processor).
_.users_page, _.audit_csv, _.openapi, _.login, _.logout, _.switch, _.download, _.show, _.edit, _.home
_.definitions, _.plotly_js, _.assessment, _.assessment_pdf, _.compare, _.new_person, _.notice
_.subject_access_page, _.workbook_file
_.results_page, _.tree_page, _.months_page, _.totals_page, _.reviews_page, _.hats_page, _.recurring_page
_.allowances_page
_.read_at_the_viewers_basis, _.basis_in_templates
_.audit_actor  # on flask.g, read back with g.get("audit_actor")

# Flask-Login: the manager's settings, its handlers and the user object's protocol; Flask's session.
_.login_view, _.session_protection, _._unauthorized, _.load_user
_.is_active, _.is_anonymous, _.get_id
_.permanent

# Click: the console script (pyproject's [project.scripts]), commands found by their decorators or by name
# in tracker.cli.COMMANDS (imported only when run), and the group methods Click calls.
_.main, _.oncosts_show, _.settings_show, _.settings_set, _.users_create, _.outcomes_load
_.init_command, _.recompute_command, _.demo_command, _.worker_command, _.serve_command, _.funding
_.import_command, _.export_command, _.inspect_command, _.backup_command, _.restore_command
_.map_command, _.assess_command, _.list_commands, _.format_commands
_.erase_person, _.erase_organisation, _.subject_access_command, _.retention_apply

# logging: the record's cached traceback text, which formatters read; the request hooks of tracker/logs.py.
_.exc_text, _._start, _._line, _.request_token

# gunicorn reads its settings from the config module's globals.
_.bind, _.workers, _.threads, _.timeout, _.graceful_timeout, _.preload_app, _.accesslog, _.errorlog
_.forwarded_allow_ips

# SQLAlchemy: TypeDecorator hooks, event listeners, and columns the app writes and only the database keeps.
_.impl, _.cache_ok, _.process_bind_param, _.process_result_value
_._sqlite_pragmas, _._forget_on_write
_.rate_basis, _.reported_by, _.reported_at, _.finished_at, _.undone_by, _.referred_to_id

# re2's options object, set attribute by attribute.
_.case_sensitive, _.log_errors, _.max_mem

# Jinja templates: fields, properties and form fields they read.
_.comparator, _.working_days, _.value_to_cost, _.reported, _.preparation_cost, _.travel_cost, _.revertible
_.related, _.kind_label, _.staff_in_scope, _.fewer, _.decision_notes, _.decided_at
_.salary_effective_from, _.needs_many, _.simpler, _.gained, _.lost
_.hidden  # the map's links left out at the chosen strength (templates/map/index.html)
_.rolled_hours  # a subtree's hours, from its exact seconds (templates/map/index.html)

# pytest: the vendored GOV.UK Frontend's version, checked against the pin; a reading's warnings, which the
# tests of the readers check.
_.GOVUK_FRONTEND_VERSION, _.warnings
_.InlineWorker  # the RQ worker without a fork that tests/web/test_jobs.py runs

# RQ reads the worker's pub/sub thread back when it stops (tracker/workers.py).
_.pubsub_thread

# The results pages say why a measure has no ratio (templates/dashboard/results.html, explore/partnership.html).
_.why_no_ratio, _.why_no_ratio_brief
# The dashboard's answer flags a partnership with no results or only activity (templates/dashboard/index.html).
_.flagged

# The review queue's page (templates/review/index.html): owners not named, and which rows are shown.
_.more_owners, _.first_shown, _.last_shown

# WTForms calls a field's pre_validate itself (tracker/web/date_input.py); the scenario form's merge fields
# are read by name through MERGE_OWN and rendered by templates/scenarios/index.html.
_.pre_validate, _.merge_meetings, _.merge_hours

# Jinja calls a bytecode cache's load and dump itself (tracker/web/template_cache.py).
_.bytecode_cache, _.load_bytecode, _.dump_bytecode

# Connected calendars: Click runs the commands (tracker/cli/sources.py, running.py), Flask the views
# (tracker/web/sources.py), templates/sources/index.html and pages/privacy.html read what a source lists;
# who added a source and when is kept for the record (subject access, the audit trail's context).
_.scheduler_command, _.sources_add, _.sources_list, _.sources_remove, _.sources_pause, _.sources_resume
_.sources_agree, _.sources_key, _.sync_command, _.pause, _.resume, _.has_secret, _.connected
_.added_by, _.added_at
# A response's body, read within the size limit, handed back where requests and niquests keep it
# (fetching/pinned.py).
_._content, _._content_consumed
