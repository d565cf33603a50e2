#!/usr/bin/env python3
"""Generates the demo dataset: Stripe customers, products and prices, the Veles directory and
price book they are matched against, and the expected answer.

The expected answer is the generator's ground truth: every Stripe customer is made for one
scenario (an exact email, a subdomain, a suffix variant of the name, a typo, a shared mailbox,
...), and the scenario fixes which Veles customer the matching rules must find and by which
rule. Nothing here runs the matcher. A small name normaliser below only keeps names that must
differ from colliding by accident, and the generator checks its own invariants before writing.

Standard library only; the same seed and size always give byte-identical files.

    python3 Tests/Dataset/generate.py                 # full size into Tests/Dataset/demo
    python3 Tests/Dataset/generate.py --small         # end-to-end size into Tests/Dataset/small
    python3 Tests/Dataset/generate.py --out DIR --seed 7
"""

import argparse
import json
import os
import random
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = 20240611
BASE_CREATED = 1_700_000_000  # 2023-11-14, so "created" times look like a real account

SIZES = {
    # veles: directory size; extra_stripe: Stripe customers of companies Veles does not know.
    "full": {"veles": 1600, "extra_stripe": 420, "people": 160},
    "small": {"veles": 160, "extra_stripe": 42, "people": 16},
}

# ---------------------------------------------------------------------------------------------
# Words

FIRST = ["Blue", "Red", "Silver", "Golden", "North", "South", "East", "West", "Bright", "Quiet",
         "Rapid", "Solid", "Clear", "Green", "Iron", "Stone", "River", "Lake", "Summit", "Valley",
         "Harbor", "Maple", "Cedar", "Oak", "Pine", "Willow", "Falcon", "Eagle", "Fox", "Wolf",
         "Orbit", "Vector", "Pixel", "Quantum", "Nova", "Atlas", "Apex", "Zenith", "Polar", "Coral",
         "Crimson", "Amber", "Indigo", "Ivory", "Onyx", "Cobalt", "Copper", "Granite", "Meadow", "Prairie",
         "Canyon", "Delta", "Sierra", "Tundra", "Aurora", "Beacon", "Compass", "Anchor", "Lantern", "Horizon",
         "Northwind", "Bluebird", "Redwood", "Ironclad", "Skyline", "Sunrise", "Moonlight", "Starlight", "Highland", "Lowland"]
SECOND = ["Analytics", "Logistics", "Labs", "Systems", "Software", "Dynamics", "Foods", "Bakery", "Consulting", "Partners",
          "Holdings", "Media", "Studios", "Robotics", "Energy", "Solar", "Health", "Clinics", "Pharma", "Capital",
          "Ventures", "Trading", "Imports", "Textiles", "Motors", "Aviation", "Marine", "Builders", "Architects", "Design",
          "Networks", "Cloud", "Data", "Security", "Payments", "Insurance", "Realty", "Hotels", "Travel", "Outfitters",
          "Brewing", "Coffee", "Farms", "Gardens", "Printing", "Publishing", "Education", "Learning", "Fitness", "Apparel"]
# Accented names: (as Veles writes it, as a Stripe user without the keyboard writes it).
ACCENTED = [("Café Müller", "Cafe Muller"), ("Bäckerei Köhler", "Backerei Kohler"), ("Société Générale d'Études", "Societe Generale d'Etudes"),
            ("Zürich Präzision", "Zurich Prazision"), ("Crème Brûlée Atelier", "Creme Brulee Atelier"), ("Hôtel Léman", "Hotel Leman"),
            ("Øresund Shipping", "Oresund Shipping"), ("Łódź Electronics", "Lodz Electronics"), ("Großmann Straßenbau", "Grossmann Strassenbau"),
            ("Château Ravel", "Chateau Ravel"), ("Señora Rosa Cocina", "Senora Rosa Cocina"), ("Ærø Fiskeri", "Aero Fiskeri"),
            ("Göteborg Möbler", "Goteborg Mobler"), ("Açaí Express", "Acai Express"), ("Málaga Vinos", "Malaga Vinos"),
            ("Kraków Piekarnia", "Krakow Piekarnia"), ("Düsseldorf Maschinenbau", "Dusseldorf Maschinenbau"), ("São Paulo Têxtil", "Sao Paulo Textil"),
            ("Résumé Crafters", "Resume Crafters"), ("Jürgen & Söhne", "Jurgen and Sohne"), ("Ibérica Energía", "Iberica Energia"),
            ("Åland Seafood", "Aland Seafood"), ("Brønnøy Data", "Bronnoy Data"), ("Ñandú Textiles", "Nandu Textiles")]
# Coined single-word company names, built from syllables.
SYLLABLES = ["zen", "tri", "qua", "vor", "lex", "nix", "ori", "tal", "kio", "mar", "dex", "ply", "sol", "vim", "rho",
             "bel", "cyn", "dra", "fen", "gal", "hux", "jor", "kel", "lum", "myr", "nor", "pax", "quo", "ryn", "syl"]
PEOPLE_FIRST = ["Jane", "John", "Maria", "Ahmed", "Li", "Sofia", "Lukas", "Emma", "Noah", "Olivia", "Mateo", "Aisha",
                "Yuki", "Chen", "Priya", "Omar", "Elena", "Jonas", "Ines", "Tomas", "Zoe", "Ravi", "Hana", "Leon"]
PEOPLE_LAST = ["Smith", "Garcia", "Müller", "Nguyen", "Kowalski", "Rossi", "Dubois", "Jensen", "Tanaka", "Okafor",
               "Silva", "Novak", "Ivanova", "Schmidt", "Andersson", "Moreau", "Costa", "Fischer", "Kim", "Patel"]
TLDS = ["com", "com", "com", "io", "co.uk", "de", "fr", "com.au", "co.jp", "nl", "es", "ch", "net", "dev", "app", "co.nz", "com.br", "it"]
# Suffixes as people write them; all drop under the rules (the normaliser removes dots first).
SUFFIXES = ["Inc.", "Inc", "Incorporated", "LLC", "L.L.C.", "Ltd", "Ltd.", "Limited", "GmbH", "AG", "S.A.", "SA", "SAS",
            "S.A.R.L.", "B.V.", "BV", "N.V.", "Corp.", "Corporation", "Co.", "Company", "PLC", "plc", "Pty Ltd", "Pty. Ltd.",
            "Oy", "AB", "K.K."]
FREE_MAIL = ["gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "outlook.com", "hotmail.com", "hotmail.fr", "live.com",
             "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.de", "gmx.net", "web.de", "mail.ru",
             "yandex.ru", "qq.com", "163.com"]
ROLE_LOCALS = ["billing", "ap", "accounts", "invoices", "finance", "payables"]
OTHER_LOCALS = ["ops", "admin", "it", "procurement", "hello", "team", "office", "purchasing", "cfo", "controller"]
SUBDOMAINS = ["mail", "eu", "us", "billing.mail", "corp", "uk", "accounts"]

# ---------------------------------------------------------------------------------------------
# The generator's own reading of the name rule, used only to keep names apart that must be.

FOLD = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h"}
LEGAL = {"inc", "incorporated", "llc", "ltd", "limited", "gmbh", "ag", "sa", "sas", "sarl", "bv", "nv", "corp",
         "corporation", "co", "company", "plc", "pty", "oy", "oyj", "ab", "kk", "llp", "lp", "kg", "srl", "aps"}


def words(name):
    """The folded words of a name, before "the" or legal forms are dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = "".join(FOLD.get(c, c) for c in text.casefold())
    out, word = [], ""
    for c in text:
        if c.isalnum():
            word += c
        elif c in ".'’`":
            continue
        else:
            if word:
                out.append(word)
                word = ""
            if c == "&":
                out.append("and")
    if word:
        out.append(word)
    return out


def norm_name(name, legal=True):
    out = words(name)
    if len(out) > 1 and out[0] == "the":
        out = out[1:]
    if legal:
        removed = False
        while len(out) > 1 and (out[-1] in LEGAL or (removed and out[-1] == "and")):
            removed = True
            out.pop()
    return " ".join(out)


def slug(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(FOLD.get(c, c) for c in text.casefold() if not unicodedata.category(c).startswith("M"))
    return "".join(c for c in text if c.isalnum() and c.isascii())


# ---------------------------------------------------------------------------------------------


class Generator:
    def __init__(self, seed, size):
        self.rng = random.Random(seed)
        self.seed = seed
        self.size_name = size
        self.size = SIZES[size]
        self.used_names = set()      # normalised names of every company in the dataset
        self.used_domains = set()    # registrable domains of every company
        self.used_emails = set()     # every email address handed out
        self.used_ids = set()
        self.veles = []              # Veles customer records
        self.companies = []          # ground truth per Veles customer
        self.stripe = []             # Stripe customer objects
        self.expected = []           # expected answer per Stripe customer
        self.created = BASE_CREATED

    # ---- ids, names, addresses

    def new_id(self, prefix, length=14):
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        while True:
            value = prefix + "".join(self.rng.choice(alphabet) for _ in range(length))
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def next_created(self):
        self.created += self.rng.randint(60, 5400)
        return self.created

    def claim_name(self, name):
        key = norm_name(name)
        if not key or key in self.used_names:
            return False
        self.used_names.add(key)
        return True

    def core_name(self):
        """A company name nobody else in the dataset has, with its ASCII spelling."""
        while True:
            roll = self.rng.random()
            if roll < 0.06 and ACCENTED:
                accented, plain = ACCENTED.pop(self.rng.randrange(len(ACCENTED)))
                if self.claim_name(accented):
                    return accented, plain
                continue
            if roll < 0.22:
                word = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.choice([2, 3]))).capitalize()
                name = word if self.rng.random() < 0.5 else f"{word} {self.rng.choice(SECOND)}"
            else:
                name = f"{self.rng.choice(FIRST)} {self.rng.choice(SECOND)}"
                if self.rng.random() < 0.12:
                    name = f"{self.rng.choice(FIRST)} & {name.split(' ', 1)[1]}" if self.rng.random() < 0.5 else f"The {name}"
            if self.claim_name(name):
                return name, name

    def company_domain(self, core_plain):
        base = slug(core_plain.replace("The ", "")) or "company"
        while True:
            tld = self.rng.choice(TLDS)
            sep = self.rng.choice(["", "", "-"])
            label = base if sep == "" else "-".join(slug(w) for w in core_plain.replace("&", "and").split() if slug(w))
            domain = f"{label}.{tld}"
            if domain not in self.used_domains:
                self.used_domains.add(domain)
                return domain
            base = base + str(self.rng.randint(2, 99))

    def person(self):
        return self.rng.choice(PEOPLE_FIRST), self.rng.choice(PEOPLE_LAST)

    def unique_email(self, local, domain):
        candidate = f"{local}@{domain}"
        n = 1
        while candidate in self.used_emails:
            n += 1
            candidate = f"{local}{n}@{domain}"
        self.used_emails.add(candidate)
        return candidate

    def person_email(self, domain):
        first, last = self.person()
        return self.unique_email(f"{slug(first)}.{slug(last)}", domain)

    def free_mail(self):
        first, last = self.person()
        style = self.rng.choice(["{f}.{l}", "{f}{l}{n}", "{f}_{l}", "{i}{l}{n}"])
        local = style.format(f=slug(first), l=slug(last), i=slug(first)[0], n=self.rng.randint(1, 999))
        return self.unique_email(local, self.rng.choice(FREE_MAIL))

    # ---- name variants

    def with_suffix(self, core):
        suffix = self.rng.choice(SUFFIXES)
        comma = "," if self.rng.random() < 0.3 else ""
        return f"{core}{comma} {suffix}"

    def veles_name(self, core):
        return self.with_suffix(core) if self.rng.random() < 0.55 else core

    def stripe_variant(self, core, core_plain):
        """A spelling of the company's name that the name rule still reads as the same name."""
        name = core_plain if self.rng.random() < 0.6 else core
        steps = self.rng.sample(["suffix", "case", "the", "amp", "space", "hyphen"], k=self.rng.randint(1, 3))
        for step in steps:
            if step == "suffix":
                name = self.with_suffix(name)
            elif step == "case":
                name = self.rng.choice([name.upper(), name.lower(), name.title()])
            elif step == "the" and words(name)[:1] != ["the"]:
                name = "The " + name
            elif step == "amp":
                name = name.replace(" & ", " and ") if " & " in name else name.replace(" and ", " & ")
            elif step == "space":
                name = "  " + name.replace(" ", "  ") + " "
            elif step == "hyphen" and " " in name.strip():
                name = name.replace(" ", "-", 1)
        return name

    def typo(self, core_plain):
        """A misspelling of the name that the name rule must not read as the same company."""
        for _ in range(50):
            words = core_plain.split()
            index = max(range(len(words)), key=lambda i: len(words[i]))
            word = words[index]
            if len(word) < 4:
                break
            pos = self.rng.randrange(1, len(word) - 1)
            if self.rng.random() < 0.5:
                word = word[:pos] + word[pos + 1:]
            else:
                word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2:]
            words[index] = word
            candidate = " ".join(words)
            key = norm_name(candidate)
            if key != norm_name(core_plain) and key not in self.used_names:
                self.used_names.add(key)
                return candidate
        return None

    # ---- Veles side

    def add_veles(self, name, domains, contacts, billing, truth):
        record = {"id": self.new_id("vc_", 12), "name": name, "domains": domains,
                  "contact_emails": contacts, "billing_email": billing}
        self.veles.append(record)
        truth["veles"] = record
        self.companies.append(truth)
        return record

    def messy_domain(self, domain):
        roll = self.rng.random()
        if roll < 0.08:
            return f"www.{domain}"
        if roll < 0.12:
            return f"https://{domain}/"
        if roll < 0.15:
            return domain.upper()
        return domain

    def regular_company(self):
        core, plain = self.core_name()
        has_domain = self.rng.random() < 0.82
        truth = {"core": core, "plain": plain, "kind": "regular", "domain": None, "subdomain_stored": False}
        domains, contacts, billing = [], [], None
        if has_domain:
            domain = self.company_domain(plain)
            truth["domain"] = domain
            stored = domain
            if self.rng.random() < 0.06:
                stored = f"{self.rng.choice(['eu', 'us', 'www2', 'corp'])}.{domain}"
                truth["subdomain_stored"] = True
            domains.append(self.messy_domain(stored))
            if self.rng.random() < 0.08:
                second = self.company_domain(plain + " Group")
                domains.append(second)
                truth["second_domain"] = second
            contacts = [self.person_email(domain) for _ in range(self.rng.randint(1, 3))]
            if self.rng.random() < 0.6:
                billing = self.unique_email(self.rng.choice(ROLE_LOCALS), domain)
        else:
            contacts = [self.free_mail() for _ in range(self.rng.randint(0, 2))]
            truth["kind"] = "no_domain"
            # Data-entry mess: a mailbox provider typed in as the company's domain.
            if contacts and self.rng.random() < 0.35:
                domains.append(contacts[0].split("@")[1])
                truth["free_mail_domain_listed"] = True
        return self.add_veles(self.veles_name(core), domains, contacts, billing, truth)

    def ambiguous_name_pair(self):
        """Two Veles customers whose names normalise alike ("Globex" and "Globex Corporation")."""
        core, plain = self.core_name()
        group = []
        for suffix in self.rng.sample(SUFFIXES, 2):
            domain = self.company_domain(plain + " " + suffix.replace(".", ""))
            name = f"{core} {suffix}" if self.rng.random() < 0.7 else core
            truth = {"core": core, "plain": plain, "kind": "ambiguous_name", "domain": domain}
            group.append(self.add_veles(name, [domain], [self.person_email(domain)], None, truth))
        for record in group:
            next(t for t in self.companies if t["veles"] is record)["group"] = [r["id"] for r in group]

    def shared_domain_pair(self):
        """Two Veles records of one group on one domain ("Initech US", "Initech Europe")."""
        core, plain = self.core_name()
        domain = self.company_domain(plain)
        group = []
        for region in self.rng.sample(["US", "Europe", "APAC", "UK", "Nordics", "DACH"], 2):
            name = f"{core} {region}"
            if not self.claim_name(name):
                raise AssertionError(f"regional name {name} collides")
            truth = {"core": name, "plain": f"{plain} {region}", "kind": "shared_domain", "domain": domain}
            stored = domain if self.rng.random() < 0.7 else f"{region.lower()}.{domain}"
            group.append(self.add_veles(self.veles_name(name), [stored], [self.person_email(domain)], None, truth))
        for record in group:
            next(t for t in self.companies if t["veles"] is record)["group"] = [r["id"] for r in group]

    def shared_billing_pair(self):
        """Two small companies whose books one accounting firm keeps: one billing address for both."""
        firm_core, firm_plain = self.core_name()
        firm_domain = self.company_domain(firm_plain)
        shared = self.unique_email(self.rng.choice(["books", "clients", "billing"]), firm_domain)
        group = []
        for _ in range(2):
            core, plain = self.core_name()
            truth = {"core": core, "plain": plain, "kind": "shared_billing", "domain": None, "shared_email": shared}
            group.append(self.add_veles(self.veles_name(core), [], [self.free_mail()], shared, truth))
        for record in group:
            next(t for t in self.companies if t["veles"] is record)["group"] = [r["id"] for r in group]

    # ---- Stripe side

    def add_stripe(self, name, email, metadata, scenario, status, veles_id=None, method=None, candidates=None, deleted=False):
        customer = {
            "id": self.new_id("cus_"),
            "object": "customer",
            "created": self.next_created(),
            "name": name,
            "email": email,
            "description": None,
            "phone": None,
            "metadata": dict(sorted(metadata.items())),
            "currency": self.rng.choice(["usd", "usd", "eur", "gbp", None]),
            "balance": 0,
            "delinquent": False,
            "invoice_prefix": "".join(self.rng.choice("0123456789ABCDEF") for _ in range(8)),
            "preferred_locales": [],
            "tax_exempt": "none",
            "livemode": False,
        }
        if deleted:
            customer["deleted"] = True
        self.stripe.append(customer)
        self.expected.append({
            "stripe_id": customer["id"],
            "status": status,
            "veles_customer_id": veles_id,
            "method": method,
            "candidates": sorted(candidates) if candidates else ([veles_id] if veles_id else []),
            "scenario": scenario,
        })

    def messy_email(self, email):
        roll = self.rng.random()
        if roll < 0.25:
            return email.upper()
        if roll < 0.45:
            local, domain = email.split("@")
            return f"{local.capitalize()}@{domain.capitalize()}"
        if roll < 0.55:
            return f"  {email} "
        return email

    def fresh_local_at(self, domain):
        """An address at the company's domain that is no Veles contact."""
        return self.unique_email(self.rng.choice(OTHER_LOCALS + ROLE_LOCALS), domain)

    def stripe_for_regular(self, truth):
        record = truth["veles"]
        vid = record["id"]
        count = self.rng.choices([0, 1, 2, 3, 4], weights=[16, 62, 13, 6, 3])[0]
        emails = record["contact_emails"] + ([record["billing_email"]] if record["billing_email"] else [])
        name_unique = True  # regular companies own their normalised name
        for _ in range(count):
            options = ["metadata", "name", "typo", "deleted", "metadata_missing", "precedence_name"]
            weights = [8, 16, 8, 4, 4, 3]
            if emails:
                options += ["email"]
                weights += [26]
            if truth["domain"]:
                options += ["domain_email", "domain_subdomain", "domain_website"]
                weights += [16, 7, 7]
            if truth.get("free_mail_domain_listed"):
                options += ["free_mail_domain"]
                weights += [12]
            scenario = self.rng.choices(options, weights=weights)[0]
            core, plain = truth["core"], truth["plain"]
            if scenario == "metadata":
                # The id decides; name and email say something else entirely.
                self.add_stripe(self.rng.choice([self.stripe_variant(core, plain), "Accounts Payable", None]),
                                self.free_mail(), {"veles_customer_id": vid}, "metadata_id", "matched", vid, "metadata")
            elif scenario == "email":
                self.add_stripe(self.rng.choice([self.stripe_variant(core, plain), None, "Billing Department"]),
                                self.messy_email(self.rng.choice(emails)), {}, "exact_email", "matched", vid, "email")
            elif scenario == "domain_email":
                self.add_stripe(self.stripe_variant(core, plain) if self.rng.random() < 0.5 else None,
                                self.messy_email(self.fresh_local_at(truth["domain"])), {}, "company_domain", "matched", vid, "domain")
            elif scenario == "domain_subdomain":
                host = f"{self.rng.choice(SUBDOMAINS)}.{truth['domain']}"
                self.add_stripe(None, self.fresh_local_at(host), {}, "subdomain_email", "matched", vid, "domain")
            elif scenario == "domain_website":
                url = self.rng.choice([f"https://www.{truth['domain']}/", f"http://{truth['domain']}", truth["domain"], f"https://shop.{truth['domain']}/about"])
                key = self.rng.choice(["website", "website", "domain", "url"])
                self.add_stripe(self.rng.choice(["Finance", None, "Office Manager"]), self.free_mail(), {key: url},
                                "website_metadata", "matched", vid, "domain")
            elif scenario == "name" and name_unique:
                self.add_stripe(self.stripe_variant(core, plain), self.free_mail(), {}, "name_variant", "matched", vid, "name")
            elif scenario == "typo":
                typo = self.typo(plain)
                if typo:
                    self.add_stripe(typo, self.free_mail(), {}, "name_typo", "not_matched")
            elif scenario == "deleted":
                # Deleted before anyone synced: Stripe keeps only a stub for retrieves, lists it nowhere, and its
                # customer.deleted event is older than any cursor a first sync takes, so no sync ever mirrors it.
                self.add_stripe(self.stripe_variant(core, plain), self.rng.choice(emails) if emails else self.free_mail(), {},
                                "deleted_in_stripe", "not_listed", deleted=True)
            elif scenario == "metadata_missing":
                missing = self.new_id("vc_", 12)  # claimed, so no Veles customer will ever have it
                if emails:
                    self.add_stripe(None, self.rng.choice(emails), {"veles_customer_id": missing}, "metadata_missing_then_email", "matched", vid, "email")
                else:
                    self.add_stripe(self.stripe_variant(core, plain), self.free_mail(), {"veles_customer_id": missing},
                                    "metadata_missing_then_name", "matched", vid, "name")
            elif scenario == "precedence_name":
                # The name of another Veles company is on the record, but a stronger rule decides.
                other = self.rng.choice([t for t in self.companies if t["kind"] == "regular" and t is not truth])
                other_name = self.stripe_variant(other["core"], other["plain"])
                if emails:
                    self.add_stripe(other_name, self.rng.choice(emails), {}, "email_beats_name", "matched", vid, "email")
                elif truth["domain"]:
                    self.add_stripe(other_name, self.fresh_local_at(truth["domain"]), {}, "domain_beats_name", "matched", vid, "domain")
                else:
                    self.add_stripe(other_name, self.free_mail(), {"veles_customer_id": vid}, "metadata_beats_name", "matched", vid, "metadata")
            elif scenario == "free_mail_domain":
                # Another address at the mailbox provider the record lists as its domain: never a domain match.
                provider = next(d for d in record["domains"] if d in FREE_MAIL)
                first, last = self.person()
                self.add_stripe(f"{first} {last}", self.unique_email(f"{slug(first)}{self.rng.randint(1000, 9999)}", provider), {},
                                "free_mail_domain_never_matches", "not_matched")

    def stripe_for_groups(self):
        by_group = {}
        for truth in self.companies:
            if "group" in truth:
                by_group.setdefault(tuple(truth["group"]), []).append(truth)
        for group, members in sorted(by_group.items()):
            kind = members[0]["kind"]
            ids = list(group)
            if kind == "ambiguous_name":
                core, plain = members[0]["core"], members[0]["plain"]
                for _ in range(self.rng.randint(1, 2)):
                    self.add_stripe(self.stripe_variant(core, plain), self.free_mail(), {}, "two_veles_same_name", "not_matched", None, "name", ids)
                # Each member's own contact email still finds it exactly.
                member = self.rng.choice(members)
                self.add_stripe(self.stripe_variant(core, plain), member["veles"]["contact_emails"][0], {},
                                "same_name_resolved_by_email", "matched", member["veles"]["id"], "email")
            elif kind == "shared_domain":
                domain = members[0]["domain"]
                self.add_stripe(None, self.fresh_local_at(domain), {}, "two_veles_one_domain", "not_matched", None, "domain", ids)
                member = self.rng.choice(members)
                self.add_stripe(member["core"], member["veles"]["contact_emails"][0], {},
                                "shared_domain_resolved_by_email", "matched", member["veles"]["id"], "email")
            elif kind == "shared_billing":
                shared = members[0]["shared_email"]
                # Ambiguous email stops the search even though the name would find one of them.
                member = self.rng.choice(members)
                self.add_stripe(self.stripe_variant(member["core"], member["plain"]), self.messy_email(shared), {},
                                "shared_mailbox_stops_search", "not_matched", None, "email", ids)

    def stripe_unknown_companies(self):
        """Companies Veles has never heard of, and people buying for themselves."""
        for _ in range(self.size["extra_stripe"]):
            core, plain = self.core_name()
            if self.rng.random() < 0.7:
                domain = self.company_domain(plain)
                count = self.rng.choice([1, 1, 1, 2])
                for _ in range(count):
                    self.add_stripe(self.rng.choice([self.veles_name(core), None]), self.person_email(domain), {},
                                    "company_not_in_veles", "not_matched")
            else:
                self.add_stripe(self.veles_name(core), self.free_mail(), {}, "company_not_in_veles_free_mail", "not_matched")
        shared_people = []
        for _ in range(self.size["people"]):
            first, last = self.person()
            name = f"{first} {last}"
            if norm_name(name) in self.used_names:
                continue
            email = self.free_mail()
            self.add_stripe(name, email, {}, "individual_free_mail", "not_matched")
            if self.rng.random() < 0.15:
                shared_people.append((name, email))
        # One mailbox used for several Stripe customers (a family or a freelancer's side projects).
        for name, email in shared_people:
            self.add_stripe(f"{name} (2)", self.messy_email(email), {}, "shared_free_mail_not_in_veles", "not_matched")

    def stripe_shared_free_mail_in_veles(self):
        """A sole trader's Gmail is on the Veles record; several Stripe customers use it."""
        traders = [t for t in self.companies if t["kind"] == "no_domain" and t["veles"]["contact_emails"]]
        for truth in self.rng.sample(traders, min(len(traders), max(3, len(traders) // 8))):
            email = truth["veles"]["contact_emails"][0]
            for label in ["", " (EU)", " Online Store"]:
                name = None if not label else f"{truth['plain']}{label}"
                if name is not None and not self.claim_name(name):
                    name = None
                self.add_stripe(name, self.messy_email(email), {}, "shared_free_mail_in_veles", "matched", truth["veles"]["id"], "email")

    # ---- run

    def customers(self):
        target = self.size["veles"]
        pairs = max(2, target // 100)
        for _ in range(pairs):
            self.ambiguous_name_pair()
        for _ in range(max(2, target // 160)):
            self.shared_domain_pair()
        for _ in range(max(1, target // 200)):
            self.shared_billing_pair()
        while len(self.veles) < target:
            self.regular_company()
        for truth in list(self.companies):
            if truth["kind"] in ("regular", "no_domain"):
                self.stripe_for_regular(truth)
        self.stripe_for_groups()
        self.stripe_shared_free_mail_in_veles()
        self.stripe_unknown_companies()
        # Stripe lists newest first and the file is read in any order: shuffle, keep stable.
        order = list(range(len(self.stripe)))
        self.rng.shuffle(order)
        self.stripe = [self.stripe[i] for i in order]
        self.expected = [self.expected[i] for i in order]
        self.rng.shuffle(self.veles)


# ---------------------------------------------------------------------------------------------
# Products and prices


def tiers(*rows):
    out = []
    for up_to, unit, flat in rows:
        out.append({
            "up_to": up_to,
            "unit_amount": unit if isinstance(unit, int) or unit is None else None,
            "unit_amount_decimal": (str(unit) if unit is not None else None),
            "flat_amount": flat,
            "flat_amount_decimal": str(flat) if flat is not None else None,
        })
    return out


class Catalog:
    def __init__(self, rng):
        self.rng = rng
        self.products, self.prices, self.veles_products, self.expected = [], [], [], []
        self.meters, self.meter_by_product = [], {}
        self.created = BASE_CREATED - 86_400 * 400
        self.ids = set()
        self.skus = set()

    def new_id(self, prefix, length=14):
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        while True:
            value = prefix + "".join(self.rng.choice(alphabet) for _ in range(length))
            if value not in self.ids:
                self.ids.add(value)
                return value

    def next_created(self):
        self.created += self.rng.randint(3600, 86_400 * 5)
        return self.created

    def price(self, product, shape, currency="usd", active=True, nickname=None):
        """One Stripe price of a named shape; the shape names are listed in SHAPES."""
        p = {
            "id": self.new_id("price_", 24), "object": "price", "active": active, "billing_scheme": "per_unit",
            "created": self.next_created(), "currency": currency, "custom_unit_amount": None, "livemode": False,
            "lookup_key": None, "metadata": {}, "nickname": nickname, "product": product["id"], "recurring": None,
            "tax_behavior": "unspecified", "tiers_mode": None, "transform_quantity": None, "type": "recurring",
            "unit_amount": None, "unit_amount_decimal": None,
        }
        amount = self.rng.choice([900, 1500, 2000, 2900, 4900, 9900, 19900, 49900])

        def recurring(interval="month", count=1, usage="licensed"):
            # This API version bills metered prices through a billing meter, one per product here.
            meter = self.meter_for(product)["id"] if usage == "metered" else None
            p["recurring"] = {"interval": interval, "interval_count": count, "meter": meter,
                              "trial_period_days": None, "usage_type": usage}

        def per_unit(value):
            p["unit_amount"], p["unit_amount_decimal"] = value, str(value)

        if shape == "per_unit_month":
            recurring(); per_unit(amount)
        elif shape == "per_unit_year":
            recurring("year"); per_unit(amount * 10)
        elif shape == "per_unit_quarter":
            recurring("month", 3); per_unit(amount * 3)
        elif shape == "per_unit_week":
            recurring("week"); per_unit(amount // 4)
        elif shape == "per_unit_two_weeks":
            recurring("week", 2); per_unit(amount // 2)
        elif shape == "per_unit_day":
            recurring("day"); per_unit(150)
        elif shape == "per_unit_half_year":
            recurring("month", 6); per_unit(amount * 5)
        elif shape == "decimal_metered":
            recurring("month", 1, "metered")
            p["unit_amount_decimal"] = self.rng.choice(["0.0125", "0.35", "1.5", "0.000125000001"])
        elif shape == "metered_per_unit":
            recurring("month", 1, "metered"); per_unit(5)
        elif shape == "package":
            recurring(); per_unit(amount)
            p["transform_quantity"] = {"divide_by": self.rng.choice([10, 100, 1000]), "round": self.rng.choice(["up", "down"])}
        elif shape == "one_time":
            p["type"] = "one_time"; per_unit(amount * 5)
        elif shape == "one_time_package":
            p["type"] = "one_time"; per_unit(amount)
            p["transform_quantity"] = {"divide_by": 50, "round": "up"}
        elif shape == "custom_amount":
            p["type"] = "one_time"
            p["custom_unit_amount"] = {"maximum": 500000, "minimum": 1000, "preset": 5000}
        elif shape in ("volume", "volume_year", "graduated", "graduated_metered", "stair_step", "flat_and_unit", "graduated_flat_first"):
            p["billing_scheme"] = "tiered"
            if shape == "volume":
                recurring(); p["tiers_mode"] = "volume"
                p["tiers"] = tiers((10, 1000, None), (50, 800, None), (None, 600, None))
            elif shape == "volume_year":
                recurring("year"); p["tiers_mode"] = "volume"
                p["tiers"] = tiers((100, 9000, None), (None, 7500, None))
            elif shape == "graduated":
                recurring(); p["tiers_mode"] = "graduated"
                p["tiers"] = tiers((1000, 0, None), (10000, "0.5", None), (None, "0.25", None))
            elif shape == "graduated_metered":
                recurring("month", 1, "metered"); p["tiers_mode"] = "graduated"
                p["tiers"] = tiers((100000, 2, None), (None, 1, None))
            elif shape == "stair_step":
                recurring(); p["tiers_mode"] = "volume"
                p["tiers"] = tiers((5, None, 5000), (20, None, 15000), (None, None, 40000))
            elif shape == "flat_and_unit":
                recurring(); p["tiers_mode"] = "graduated"
                p["tiers"] = tiers((10, 500, 2000), (None, 400, 1000))
            elif shape == "graduated_flat_first":
                recurring("month", 3); p["tiers_mode"] = "graduated"
                p["tiers"] = tiers((1, None, 10000), (None, 2500, None))
        else:
            raise ValueError(f"unknown price shape {shape}")
        if currency == "eur" and p["unit_amount"] is not None:
            p["unit_amount"] = round(p["unit_amount"] * 0.92)
            p["unit_amount_decimal"] = str(p["unit_amount"])
        self.prices.append(p)
        return p

    def meter_for(self, product):
        """The billing meter a product's metered prices report usage to."""
        if product["id"] not in self.meter_by_product:
            created = self.next_created()
            event = "".join(c if c.isalnum() else "_" for c in product["name"].lower()).strip("_")
            meter = {"id": self.new_id("mtr_", 24), "object": "billing.meter", "created": created,
                     "customer_mapping": {"event_payload_key": "stripe_customer_id", "type": "by_id"},
                     "default_aggregation": {"formula": "sum"}, "display_name": product["name"],
                     "event_name": event, "event_time_window": None, "livemode": False, "status": "active",
                     "status_transitions": {"deactivated_at": None}, "updated": created,
                     "value_settings": {"event_payload_key": "value"}}
            self.meters.append(meter)
            self.meter_by_product[product["id"]] = meter
        return self.meter_by_product[product["id"]]

    def sku_for(self, name):
        base = "-".join(w for w in "".join(c if c.isalnum() else " " for c in name.upper()).split())[:24] or "SKU"
        sku, n = base, 1
        while sku in self.skus:
            n += 1
            sku = f"{base}-{n}"
        self.skus.add(sku)
        return sku

    def veles_product(self, name, status="active", plans=None):
        record = {"id": self.new_id("vp_", 12), "name": name, "sku": self.sku_for(name),
                  "description": f"{name} as sold in the Veles price book.", "category": self.rng.choice(["Software", "Services", "Add-ons", "Usage"]),
                  "custom_fields": {}, "status": status, "unit_label": "",
                  "pricing_plans": plans or [{"currency": "usd", "payment_type": "recurring", "interval": "month", "interval_count": 1,
                                              "method": "per_unit", "unit_amount": 1000, "unit_amount_decimal": "1000", "tiers": []}]}
        self.veles_products.append(record)
        return record

    def product(self, name, shapes, active=True, description=None, unit_label=None, sku=None, veles=None, scenario=""):
        product = {
            "id": self.new_id("prod_"), "object": "product", "active": active, "created": self.next_created(),
            "default_price": None, "description": description or f"{name} subscription.", "images": [], "livemode": False,
            "marketing_features": [], "metadata": ({"sku": sku} if sku else {}), "name": name, "package_dimensions": None,
            "shippable": None, "statement_descriptor": None, "tax_code": None, "type": "service", "unit_label": unit_label,
            "updated": 0, "url": None,
        }
        product["updated"] = product["created"]
        self.products.append(product)
        prices = []
        for shape in shapes:
            currency, price_active = "usd", True
            if shape.endswith("@eur"):
                shape, currency = shape[:-4], "eur"
            if shape.endswith("!archived"):
                shape, price_active = shape[:-9], False
            prices.append(self.price(product, shape, currency, price_active))
        first_active = next((p for p in prices if p["active"]), None)
        product["default_price"] = first_active["id"] if first_active else None
        status, vid = veles if veles else ("not_matched", None)
        self.expected.append({"stripe_id": product["id"], "match_status": status, "veles_product_id": vid,
                              "scenario": scenario, "active": active})
        return product

    def build(self):
        # Every price shape at least once, on products that also exercise the name match.
        shape_products = [
            ("Starter Seats", ["per_unit_month", "per_unit_month@eur"]),
            ("Team Seats", ["per_unit_year", "per_unit_year@eur", "per_unit_month!archived"]),
            ("Quarterly Retainer", ["per_unit_quarter"]),
            ("Weekly Support Pass", ["per_unit_week", "per_unit_two_weeks"]),
            ("Day Pass", ["per_unit_day"]),
            ("Semiannual License", ["per_unit_half_year"]),
            ("API Calls", ["decimal_metered"]),
            ("SMS Messages", ["metered_per_unit", "metered_per_unit@eur"]),
            ("Email Credits", ["package"]),
            ("Onboarding Package", ["one_time"]),
            ("Print Credits Pack", ["one_time_package"]),
            ("Donation", ["custom_amount"]),
            ("Storage Volume", ["volume", "volume@eur"]),
            ("Enterprise Seats", ["volume_year"]),
            ("Data Transfer", ["graduated"]),
            ("Compute Minutes", ["graduated_metered"]),
            ("Support Plan", ["stair_step"]),
            ("Device Management", ["flat_and_unit"]),
            ("Platform Fee", ["graduated_flat_first"]),
        ]
        extra_names = ["Analytics Add-on", "Premium Support", "Audit Log", "Single Sign-On", "Custom Domain", "Backup Vault",
                       "Priority Queue", "White Label", "Sandbox Environment", "Dedicated IP", "Training Session", "Consulting Hour",
                       "Implementation Fee", "Extra Workspace", "Advanced Reporting", "Compliance Pack", "Mobile Access",
                       "Webhook Relay", "Data Export", "Localization Pack", "Team Dashboards", "Usage Alerts", "Media Storage",
                       "Video Minutes", "Phone Numbers", "Fax Pages", "Warehouse Slots", "Fleet Tracking", "Route Planning",
                       "Inventory Sync", "Label Printing", "Gift Cards", "Loyalty Points", "Event Tickets", "Workshop Seat",
                       "Certification Exam", "Hardware Token", "Kiosk Mode", "Offline Mode", "Beta Features", "Legacy Plan",
                       "Internal Test Product", "Café Menu Sync", "Résumé Review"]
        shapes_cycle = [s for _, shapes in shape_products for s in shapes]
        plan = []
        for name, shapes in shape_products:
            plan.append((name, shapes))
        for i, name in enumerate(extra_names):
            k = self.rng.randint(1, 3)
            plan.append((name, [shapes_cycle[(i * 3 + j) % len(shapes_cycle)] for j in range(k)]))

        # How each Stripe product relates to the Veles price book (scenario, Veles name, expected status).
        for i, (name, shapes) in enumerate(plan):
            mode = i % 10
            active = not (i % 9 == 4)  # about one in nine inactive
            if name in ("Legacy Plan", "Internal Test Product"):
                active = False
            unit_label = "seat" if "Seats" in name and i % 2 == 0 else None
            sku = self.sku_for(name + " STRIPE") if i % 6 == 0 else None
            if mode in (0, 1, 2):
                # Same name in Veles.
                vp = self.veles_product(name)
                expected = ("name_match", vp["id"]) if active else ("not_matched", None)
                scenario = "same_name" if active else "inactive_in_stripe_same_name"
            elif mode == 3:
                # Slightly different spelling that the name rule reads as the same name.
                variant = self.rng.choice([name.upper(), f"The {name}", name.replace(" ", "  ") + " ", name.replace(" ", "-"), name.lower()])
                vp = self.veles_product(variant)
                expected = ("name_match", vp["id"]) if active else ("not_matched", None)
                scenario = "spelling_variant" if active else "inactive_in_stripe_spelling_variant"
            elif mode == 4:
                # Slightly different in a way that is a different name.
                self.veles_product(f"{name} Plus")
                expected, scenario = ("not_matched", None), "different_name"
            elif mode == 5:
                # Two active Veles products with the name: ambiguous, not matched.
                self.veles_product(name)
                self.veles_product(name.upper() + " ")
                expected, scenario = ("not_matched", None), "two_veles_same_name"
            elif mode == 6:
                # Only an inactive Veles product has the name.
                self.veles_product(name, status="inactive")
                expected, scenario = ("not_matched", None), "veles_product_inactive"
            elif mode == 7:
                # One active and one inactive: the active one is the only candidate.
                vp = self.veles_product(name)
                self.veles_product(f"the {name}", status="inactive")
                expected = ("name_match", vp["id"]) if active else ("not_matched", None)
                scenario = "active_beats_inactive" if active else "inactive_in_stripe_active_and_inactive"
            else:
                expected, scenario = ("not_matched", None), "not_in_veles"
            if not active and expected[0] != "not_matched":
                raise AssertionError("an inactive Stripe product never name-matches")
            self.product(name, shapes, active=active, unit_label=unit_label, sku=sku, veles=expected, scenario=scenario)
        # A Veles-only product nobody sells in Stripe, and one whose name differs by a legal word.
        self.veles_product("Veles Only Bundle")
        self.veles_product("Widget Co")
        self.product("Widget", ["per_unit_month"], veles=("not_matched", None), scenario="legal_word_kept_for_products")


# ---------------------------------------------------------------------------------------------


def check(gen, catalog):
    """The generator's invariants: what must hold for the expected answer to be the rules' answer."""
    veles_ids = {v["id"] for v in gen.veles}
    ids = [c["id"] for c in gen.stripe]
    assert len(ids) == len(set(ids)), "duplicate Stripe ids"
    for row, customer in zip(gen.expected, gen.stripe):
        assert (row["status"] == "not_listed") == customer.get("deleted", False), row
        assert row["status"] in ("matched", "not_matched", "not_listed"), row
        if row["status"] == "matched":
            assert row["veles_customer_id"] in veles_ids, row
            assert row["method"] in ("metadata", "email", "domain", "name"), row
        else:
            assert row["veles_customer_id"] is None, row
        for candidate in row["candidates"]:
            assert candidate in veles_ids, row
    names = {}
    for v in gen.veles:
        names.setdefault(norm_name(v["name"]), []).append(v["id"])
    for row, customer in zip(gen.expected, gen.stripe):
        if row["method"] == "name" and row["status"] == "matched":
            assert names.get(norm_name(customer["name"])) == [row["veles_customer_id"]], (row, customer)
        if row["scenario"] == "two_veles_same_name":
            assert sorted(names.get(norm_name(customer["name"]), [])) == row["candidates"], (row, customer)
        if row["scenario"] == "name_typo":
            assert norm_name(customer["name"]) not in names, (row, customer)
    # Keys that only the deliberate groups may share.
    grouped = {t["veles"]["id"] for t in gen.companies if "group" in t}
    seen_names, seen_emails, seen_domains = {}, {}, {}
    for truth in gen.companies:
        v = truth["veles"]
        if v["id"] in grouped:
            continue
        key = norm_name(v["name"])
        assert key not in seen_names, ("two Veles customers share a name outside a group", v, seen_names.get(key))
        seen_names[key] = v["id"]
        for email in v["contact_emails"] + ([v["billing_email"]] if v["billing_email"] else []):
            assert email not in seen_emails, ("two Veles customers share an email outside a group", v)
            seen_emails[email] = v["id"]
        for domain in filter(None, [truth.get("domain"), truth.get("second_domain")]):
            assert domain not in seen_domains, ("two Veles customers share a domain outside a group", v)
            seen_domains[domain] = v["id"]
    products = catalog.expected
    assert len(catalog.products) >= 60, len(catalog.products)
    assert all(p["match_status"] in ("name_match", "not_matched") for p in products)
    meter_ids = {m["id"] for m in catalog.meters}
    for price in catalog.prices:
        recurring = price["recurring"] or {}
        assert (recurring.get("usage_type") == "metered") == (recurring.get("meter") in meter_ids), price
        if recurring:
            limit = {"day": 365, "week": 52, "month": 12, "year": 1}[recurring["interval"]]
            assert 1 <= recurring["interval_count"] <= limit, price


def write(path, value):
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False, indent=1, sort_keys=False)
        handle.write("\n")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="the end-to-end size (about a tenth of the customers)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", help="output directory (default Tests/Dataset/demo, or Tests/Dataset/small with --small)")
    args = parser.parse_args(argv)
    size = "small" if args.small else "full"
    out = args.out or os.path.join(HERE, "small" if args.small else "demo")
    os.makedirs(out, exist_ok=True)

    gen = Generator(args.seed, size)
    gen.customers()
    catalog = Catalog(random.Random(args.seed + 1))
    catalog.build()
    check(gen, catalog)

    by_status, by_method = {}, {}
    for row in gen.expected:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
        if row["status"] == "matched":
            by_method[row["method"]] = by_method.get(row["method"], 0) + 1
    product_status = {}
    for row in catalog.expected:
        product_status[row["match_status"]] = product_status.get(row["match_status"], 0) + 1
    summary = {
        "stripe_customers": len(gen.stripe), "veles_customers": len(gen.veles),
        "customers_by_status": dict(sorted(by_status.items())), "matched_by_method": dict(sorted(by_method.items())),
        "stripe_products": len(catalog.products), "stripe_prices": len(catalog.prices), "veles_products": len(catalog.veles_products),
        "products_by_match_status": dict(sorted(product_status.items())),
    }
    write(os.path.join(out, "stripe.json"), {"customers": gen.stripe, "products": catalog.products, "prices": catalog.prices,
                                             "meters": catalog.meters})
    write(os.path.join(out, "veles.json"), {"customers": gen.veles, "products": catalog.veles_products})
    write(os.path.join(out, "expected.json"), {"seed": args.seed, "size": size, "summary": summary,
                                               "customers": gen.expected, "products": catalog.expected})
    print(json.dumps(summary))


if __name__ == "__main__":
    main(sys.argv[1:])
