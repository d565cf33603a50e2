"""Every object stripe-sim returns has the keys of the same resource in Stripe's fixtures3.json (read in place from
FIXTURES_PATH), nested hashes included; values follow the object's own state."""
import json
import os

import stripe
from simtest import check, done, raw_get

fixtures = json.load(open(os.environ["FIXTURES_PATH"]))["resources"]


def compare(resource, ours, theirs, path):
    """Keys must match exactly; nested objects present (non-null) on both sides are compared the same way."""
    check(set(ours) == set(theirs), f"{resource}: keys of {path}",
          "missing:", sorted(set(theirs) - set(ours)), "extra:", sorted(set(ours) - set(theirs)))
    for name, value in theirs.items():
        mine = ours.get(name)
        # An empty fixture hash ({}) is a placeholder in Stripe's file, not a shape.
        if isinstance(value, dict) and value and isinstance(mine, dict) and name not in ("metadata", "data"):
            compare(resource, mine, value, f"{path}.{name}")


def shape(resource, ours):
    compare(resource, ours, fixtures[resource], resource)


customer = stripe.Customer.create(name="Shape", email="shape@example.com", address={"city": "Oslo"},
                                  shipping={"name": "Shape", "address": {"line1": "1 Road"}},
                                  invoice_settings={"rendering_options": {"amount_tax_display": "exclude_tax"}})
shape("customer", raw_get(f"/v1/customers/{customer.id}"))
product = stripe.Product.create(name="Shaped", package_dimensions={"height": 1, "length": 2, "weight": 3, "width": 4})
shape("product", raw_get(f"/v1/products/{product.id}"))
price = stripe.Price.create(product=product.id, currency="usd", unit_amount=100, recurring={"interval": "month"},
                            transform_quantity={"divide_by": 5, "round": "down"})
shape("price", raw_get(f"/v1/prices/{price.id}"))
custom = stripe.Price.create(product=product.id, currency="usd", custom_unit_amount={"enabled": True, "minimum": 1})
shape("price", raw_get(f"/v1/prices/{custom.id}"))
tiered = stripe.Price.create(product=product.id, currency="usd", billing_scheme="tiered", tiers_mode="graduated",
                             tiers=[{"up_to": "inf", "unit_amount": 5}])
expanded = raw_get(f"/v1/prices/{tiered.id}?expand[]=tiers")
check(set(expanded) == set(fixtures["price"]) | {"tiers"}, "an expanded price adds only tiers")
check(set(expanded["tiers"][0]) == {"flat_amount", "flat_amount_decimal", "unit_amount", "unit_amount_decimal", "up_to"},
      "tier keys")
endpoint = stripe.WebhookEndpoint.create(url="http://127.0.0.1:9/x", enabled_events=["*"])
shape("webhook_endpoint", raw_get(f"/v1/webhook_endpoints/{endpoint.id}"))
check(set(endpoint.to_dict()) == set(fixtures["webhook_endpoint"]) | {"secret"}, "the create response adds only secret")
shape("account", raw_get("/v1/account"))
meter = stripe.billing.Meter.create(display_name="m", event_name="m_event", default_aggregation={"formula": "count"})
shape("billing.meter", raw_get(f"/v1/billing/meters/{meter.id}"))
event = raw_get("/v1/events?limit=1")["data"][0]
shape("event", event)
stripe.Customer.delete(customer.id)
shape("deleted_customer", raw_get(f"/v1/customers/{customer.id}"))
lonely = stripe.Product.create(name="To delete")
shape("deleted_product", stripe.Product.delete(lonely.id).to_dict())
shape("deleted_webhook_endpoint", stripe.WebhookEndpoint.delete(endpoint.id).to_dict())
listed = raw_get("/v1/products")
check(set(listed) == {"object", "data", "has_more", "url"}, "list envelope keys", sorted(listed))
done("shapes")
