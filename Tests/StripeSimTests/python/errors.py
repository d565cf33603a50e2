"""Each error class the SDK raises: InvalidRequestError, AuthenticationError, PermissionError, RateLimitError,
IdempotencyError and APIError, from the same shapes Stripe sends."""
import time
import uuid

import stripe
from simtest import check, control, done, expect_error, RESTRICTED_KEY

expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.create(favourite_colour="blue"), status=400,
             code="parameter_unknown", param="favourite_colour", error_type="invalid_request_error")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.create(address={"planet": "Mars"}), status=400,
             code="parameter_unknown", param="address[planet]")
expect_error(stripe.InvalidRequestError, lambda: stripe.Customer.create(balance="lots"), status=400, param="balance")
expect_error(stripe.InvalidRequestError, lambda: stripe.Price.retrieve("price_missing"), status=404, code="resource_missing")

expect_error(stripe.AuthenticationError, lambda: stripe.Customer.list(api_key="sk_test_wrongwrongwrong"), status=401)
error = expect_error(stripe.AuthenticationError, lambda: stripe.Customer.list(api_key="pk_test_publishable"), status=401)
check("publishable" in error.user_message, "publishable keys are refused by name", error.user_message)
bad_key = expect_error(stripe.AuthenticationError, lambda: stripe.Account.retrieve(api_key="sk_test_secretvalue9876"), status=401)
check("secretvalue" not in bad_key.user_message and "9876" in bad_key.user_message, "only the last four of a key are shown")

# A restricted key without account permission cannot read the account, but can list customers.
expect_error(stripe.PermissionError, lambda: stripe.Account.retrieve(api_key=RESTRICTED_KEY), status=403)
check(stripe.Customer.list(api_key=RESTRICTED_KEY).object == "list", "restricted key reads customers")
account = stripe.Account.retrieve()
check(account.id.startswith("acct_") and account.business_profile.name, "account with its display name", account.id)

control("POST", "/_sim/faults", {"rate_limit_next": 2, "retry_after_s": 1})
limited = expect_error(stripe.RateLimitError, lambda: stripe.Customer.list(), status=429, code="rate_limit")
check(limited.headers.get("Retry-After") == "1", "429 carries Retry-After", dict(limited.headers))
expect_error(stripe.RateLimitError, lambda: stripe.Customer.create(name="x"), status=429)
check(stripe.Customer.list().object == "list", "the burst is over after two")

key = str(uuid.uuid4())
first = stripe.Customer.create(name="Once", idempotency_key=key)
expect_error(stripe.IdempotencyError, lambda: stripe.Customer.create(name="Different", idempotency_key=key), status=400)

control("POST", "/_sim/faults", {"error_next": 1})
expect_error(stripe.APIError, lambda: stripe.Customer.list(), status=500)
control("DELETE", "/_sim/faults")

# The token bucket: 5 requests/s in test mode, so a burst of 12 sees 429s, and the counts show them.
control("POST", "/_sim/rate-limit", {"test": 5})
outcomes = []
started = time.monotonic()
for _ in range(12):
    try:
        stripe.Customer.list(limit=1)
        outcomes.append("ok")
    except stripe.RateLimitError as limited_error:
        check(limited_error.json_body["error"]["code"] == "rate_limit", "bucket 429 code")
        outcomes.append("429")
elapsed = time.monotonic() - started
# A full bucket of 5, plus what refills at 5/s while the burst lasts.
check(outcomes.count("ok") <= 5 + 5 * elapsed + 1, "the bucket limits a burst", outcomes, elapsed)
check(outcomes.count("ok") >= 5, "a full bucket lets 5 through", outcomes)
control("POST", "/_sim/rate-limit", {"test": 0})
counts = control("GET", f"/_sim/requests?account={account.id}&mode=test")
check(counts["total"] >= 25 and counts["max_per_second"] >= 1, "requests are counted", counts["total"])
check(sum(second["rate_limited"] for second in counts["per_second"]) >= outcomes.count("429"), "429s are counted")
check(first.id.startswith("cus_"), "idempotent create ran once")
done("errors")
