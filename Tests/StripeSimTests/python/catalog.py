"""Products, prices and billing meters through the official SDK, covering every price shape the catalog sync imports."""
import stripe
from simtest import check, done, expect_error, raw_get

product = stripe.Product.create(name="Analytics Suite", description="Dashboards", unit_label="seat",
                                metadata={"sku": "AN-1"}, images=["https://example.com/a.png"],
                                marketing_features=[{"name": "Exports"}])
check(product.id.startswith("prod_") and product.active and product.type == "service", "product basics", product)
check(product.unit_label == "seat" and product.metadata["sku"] == "AN-1", "product fields")
check(product.marketing_features[0].name == "Exports", "marketing features")
check(product.created == product.updated, "updated equals created at first")

renamed = stripe.Product.modify(product.id, name="Analytics Suite Pro", active=False)
check(renamed.name == "Analytics Suite Pro" and renamed.active is False, "product update")
check(renamed.updated >= product.updated, "updated moves on change")
custom = stripe.Product.create(id="prod_custom_1", name="Custom Id")
check(custom.id == "prod_custom_1", "custom product id")
expect_error(stripe.InvalidRequestError, lambda: stripe.Product.create(id="prod_custom_1", name="Again"), status=400,
             code="resource_already_exists")
expect_error(stripe.InvalidRequestError, lambda: stripe.Product.create(description="no name"), status=400, param="name")
check([p.id for p in stripe.Product.list(active=False).data] == [product.id], "active=false filter")
check(custom.id in [p.id for p in stripe.Product.list(active=True).data], "active=true filter")
check({p.id for p in stripe.Product.list(ids=[custom.id]).data} == {custom.id}, "ids[] filter")

# Per unit, one-time, integer amount.
flat = stripe.Price.create(product=custom.id, currency="usd", unit_amount=2500, nickname="Setup")
check(flat.type == "one_time" and flat.billing_scheme == "per_unit", "one-time per unit")
check(flat.unit_amount == 2500 and str(flat.unit_amount_decimal) == "2500", "unit_amount and its decimal")
check(flat.recurring is None and flat.tiers_mode is None and flat.transform_quantity is None, "null shapes")
check("tiers" not in flat, "tiers only when expanded")

# Recurring monthly, quarterly (interval_count 3), yearly; decimal amount.
monthly = stripe.Price.create(product=custom.id, currency="usd", unit_amount=1000, recurring={"interval": "month"})
check(monthly.type == "recurring" and monthly.recurring.interval == "month" and monthly.recurring.interval_count == 1,
      "recurring monthly")
check(monthly.recurring.usage_type == "licensed" and monthly.recurring.meter is None, "licensed, no meter")
quarterly = stripe.Price.create(product=custom.id, currency="eur", unit_amount_decimal="1250.5",
                                recurring={"interval": "month", "interval_count": 3})
check(quarterly.recurring.interval_count == 3 and quarterly.currency == "eur", "quarterly in EUR")
check(quarterly.unit_amount is None and str(quarterly.unit_amount_decimal) == "1250.5", "fractional decimal keeps unit_amount null",
      quarterly.unit_amount, quarterly.unit_amount_decimal)
expect_error(stripe.InvalidRequestError,
             lambda: stripe.Price.create(product=custom.id, currency="usd", unit_amount=1,
                                         recurring={"interval": "month", "interval_count": 13}),
             status=400, param="recurring[interval_count]")

# transform_quantity (package pricing).
package = stripe.Price.create(product=custom.id, currency="usd", unit_amount=500,
                              transform_quantity={"divide_by": 10, "round": "up"})
check(package.transform_quantity.divide_by == 10 and package.transform_quantity.round == "up", "transform_quantity")

# Tiered volume and graduated; tiers appear only with expand.
volume = stripe.Price.create(product=custom.id, currency="usd", billing_scheme="tiered", tiers_mode="volume",
                             recurring={"interval": "month"},
                             tiers=[{"up_to": 10, "unit_amount": 1000}, {"up_to": 100, "unit_amount_decimal": "850.25"},
                                    {"up_to": "inf", "unit_amount": 700}])
check(volume.billing_scheme == "tiered" and volume.tiers_mode == "volume", "volume price")
check(volume.unit_amount is None and volume.unit_amount_decimal is None, "tiered has no unit amount")
check("tiers" not in volume, "no tiers without expand")
expanded = stripe.Price.retrieve(volume.id, expand=["tiers"])
tiers = expanded.tiers
check(len(tiers) == 3, "three tiers", tiers)
check(tiers[0].up_to == 10 and tiers[0].unit_amount == 1000 and str(tiers[0].unit_amount_decimal) == "1000", "tier 1")
check(tiers[1].unit_amount is None and str(tiers[1].unit_amount_decimal) == "850.25", "decimal tier")
check(tiers[2].up_to is None and tiers[2].flat_amount is None, "inf tier is up_to null")
graduated = stripe.Price.create(product=custom.id, currency="usd", billing_scheme="tiered", tiers_mode="graduated",
                                tiers=[{"up_to": 5, "flat_amount": 0, "unit_amount": 0},
                                       {"up_to": "inf", "flat_amount": 5000, "unit_amount": 100}])
stair = stripe.Price.create(product=custom.id, currency="usd", billing_scheme="tiered", tiers_mode="volume",
                            tiers=[{"up_to": 10, "flat_amount": 9900}, {"up_to": "inf", "flat_amount": 19900}])
listed = stripe.Price.list(product=custom.id, expand=["data.tiers"], limit=100)
by_id = {p.id: p for p in listed.data}
check(by_id[graduated.id].tiers[1].flat_amount == 5000 and by_id[graduated.id].tiers[1].unit_amount == 100, "flat + unit tier")
check(by_id[stair.id].tiers[0].unit_amount is None and by_id[stair.id].tiers[0].flat_amount == 9900, "flat-only tier")
check(by_id[flat.id].tiers is None, "per-unit price lists tiers as null when expanded")
expect_error(stripe.InvalidRequestError,
             lambda: stripe.Price.create(product=custom.id, currency="usd", billing_scheme="tiered", tiers_mode="volume",
                                         tiers=[{"up_to": 10, "unit_amount": 1}]),
             status=400)
expect_error(stripe.InvalidRequestError,
             lambda: stripe.Price.create(product=custom.id, currency="usd", billing_scheme="tiered", unit_amount=5,
                                         tiers_mode="volume", tiers=[{"up_to": "inf", "unit_amount": 1}]),
             status=400, param="unit_amount")

# Custom amounts (pay what you want), one-time only.
custom_amount = stripe.Price.create(product=custom.id, currency="usd",
                                    custom_unit_amount={"enabled": True, "minimum": 500, "maximum": 50000, "preset": 1000})
check(custom_amount.custom_unit_amount.minimum == 500 and custom_amount.unit_amount is None, "custom unit amount")

# Metered prices need a billing meter in this API version.
expect_error(stripe.InvalidRequestError,
             lambda: stripe.Price.create(product=custom.id, currency="usd", unit_amount=3,
                                         recurring={"interval": "month", "usage_type": "metered"}),
             status=400, param="recurring[meter]")
meter = stripe.billing.Meter.create(display_name="API calls", event_name="api_call",
                                    default_aggregation={"formula": "sum"})
check(meter.id.startswith("mtr_") and meter.status == "active", "meter created", meter)
metered = stripe.Price.create(product=custom.id, currency="usd", unit_amount=3,
                              recurring={"interval": "month", "usage_type": "metered", "meter": meter.id})
check(metered.recurring.meter == meter.id and metered.recurring.usage_type == "metered", "metered price names its meter")

# Amounts are immutable; active, nickname, metadata, lookup_key change.
expect_error(stripe.InvalidRequestError, lambda: stripe.Price.modify(flat.id, unit_amount=1), status=400,
             code="parameter_unknown", param="unit_amount")
archived = stripe.Price.modify(flat.id, active=False, nickname="Old setup", metadata={"k": "v"}, lookup_key="setup")
check(archived.active is False and archived.nickname == "Old setup" and archived.lookup_key == "setup", "price update")
check([p.id for p in stripe.Price.list(active=False).data] == [flat.id], "active filter on prices")
check({p.id for p in stripe.Price.list(type="one_time", limit=100).data} == {flat.id, package.id, graduated.id, stair.id,
                                                                              custom_amount.id}, "type filter")
check([p.id for p in stripe.Price.list(currency="eur").data] == [quarterly.id], "currency filter")
check([p.id for p in stripe.Price.list(lookup_keys=["setup"]).data] == [flat.id], "lookup_keys filter")
check({p.id for p in stripe.Price.list(recurring={"interval": "month"}, limit=100).data} ==
      {monthly.id, quarterly.id, volume.id, metered.id}, "recurring[interval] filter")

# Prices expand their product; products expand their default price.
with_product = stripe.Price.retrieve(monthly.id, expand=["product"])
check(with_product.product.id == custom.id and with_product.product.name == "Custom Id", "expand product")
with_default = stripe.Product.create(name="Bundle", default_price_data={"currency": "usd", "unit_amount": 4200})
check(with_default.default_price.startswith("price_"), "default_price_data creates the price", with_default.default_price)
expanded_product = stripe.Product.retrieve(with_default.id, expand=["default_price"])
check(expanded_product.default_price.unit_amount == 4200, "expand default_price")
expect_error(stripe.InvalidRequestError, lambda: stripe.Product.retrieve(with_default.id, expand=["nonsense"]), status=400)

# A product with prices cannot be deleted through the API; one without can, and is then gone.
expect_error(stripe.InvalidRequestError, lambda: stripe.Product.delete(custom.id), status=400)
lonely = stripe.Product.create(name="Delete me")
gone = stripe.Product.delete(lonely.id)
check(gone.deleted is True, "product delete stub")
expect_error(stripe.InvalidRequestError, lambda: stripe.Product.retrieve(lonely.id), status=404, code="resource_missing")
check(len([p for p in stripe.Price.list(limit=3).auto_paging_iter()]) == 10, "every price listed by auto-paging")
products = [p.id for p in stripe.Product.list(limit=2).auto_paging_iter()]
check(len(products) == len(set(products)) == 3 and lonely.id not in products, "products auto-page, deleted one gone", products)
check([m.id for m in stripe.billing.Meter.list().auto_paging_iter()] == [meter.id], "meters list")
check(stripe.billing.Meter.retrieve(meter.id).event_name == "api_call", "meter retrieve")
done("catalog")
