"""Security and reliability tests over every app. Each file is a table the apps extend:

- test_fuzz_forms.py: CASES, one FormCase per form (role, URL, field strategies, a valid payload,
  models whose rows refused input must leave untouched). Add intake/triage/enrolment cases here.
- test_csrf.py: walks the same CASES without a CSRF token.
- test_audit_events.py: DENIALS, one Denial per refused access (403 page or 404 object) with the
  one audit event it must write.
- sentinel.py: `watch_for(*sentinels)` fails if a sentinel reaches a log record, a mail, a Celery
  task argument (ids only), a cache write or an error report's POST; test_sentinel.py uses it.
- test_url_args.py: ids that name nothing are a 404 on every row of tests/access/matrix_*.py.
- test_sign_in.py: allauth's lockout, TOTP limits, admin login and re-authentication.
"""
