"""Shared set-up for the scripts that drive stripe-sim with Stripe's official Python SDK.

Each script is run by a Swift test with STRIPE_SIM_URL and STRIPE_SIM_KEY set; it exits non-zero on the first
failed check and prints what it expected and what it got.
"""
import json
import os
import sys
import urllib.request

import stripe

BASE_URL = os.environ["STRIPE_SIM_URL"]
SECRET_KEY = os.environ.get("STRIPE_SIM_KEY", "sk_test_sim_default")
LIVE_KEY = os.environ.get("STRIPE_SIM_LIVE_KEY", "sk_live_sim_default")
RESTRICTED_KEY = os.environ.get("STRIPE_SIM_RESTRICTED_KEY", "rk_test_sim_default")

stripe.api_base = BASE_URL
stripe.api_key = SECRET_KEY
stripe.enable_telemetry = False
stripe.max_network_retries = 0

CHECKS = {"count": 0}


def check(condition, message, *details):
    CHECKS["count"] += 1
    if not condition:
        print("FAILED:", message, *details, file=sys.stderr)
        sys.exit(1)


def expect_error(error_class, call, status=None, code=None, param=None, error_type=None):
    """Runs call(); it must raise error_class with the given HTTP status, code, param and type."""
    try:
        call()
    except error_class as error:
        check(status is None or error.http_status == status, f"{error_class.__name__} status", error.http_status, "!=", status)
        body = (error.json_body or {}).get("error", {})
        # The SDK leaves .code unset on some classes (RateLimitError); the body always has it.
        actual_code = error.code or body.get("code")
        check(code is None or actual_code == code, f"{error_class.__name__} code", actual_code, "!=", code)
        check(param is None or body.get("param") == param, f"{error_class.__name__} param", body.get("param"), "!=", param)
        check(error_type is None or body.get("type") == error_type, f"{error_class.__name__} type", body.get("type"))
        check(bool(body.get("message")), "error carries a message", body)
        return error
    except Exception as other:  # noqa: BLE001 - report the wrong class clearly
        check(False, f"expected {error_class.__name__}, got {type(other).__name__}: {other}")
    check(False, f"expected {error_class.__name__}, but the call succeeded")


def control(method, path, body=None):
    """Calls a /_sim/ control endpoint and returns its JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE_URL + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def raw_get(path, key=SECRET_KEY):
    """A GET with the plain JSON body, to see exactly what stripe-sim sends."""
    request = urllib.request.Request(BASE_URL + path, headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def done(name):
    print(f"{name}: {CHECKS['count']} checks passed")
