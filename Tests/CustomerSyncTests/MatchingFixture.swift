import CustomerMatching

/// The Veles directory the matching table runs against; each customer exists for a few cases.
enum MatchingFixture {
    static let resolver: RegistrableDomainResolver = try! RegistrableDomainResolver()

    static let directory: [VelesCustomer] = [
        VelesCustomer(id: "vc_acme", name: "Acme Incorporated", domains: ["acme.co.uk"], contactEmails: ["jane.doe@acme.co.uk"], billingEmail: "ap@acme.co.uk"),
        VelesCustomer(id: "vc_cafe", name: "Café Müller GmbH", contactEmails: ["info@cafe-mueller.de"]),
        VelesCustomer(id: "vc_globex_1", name: "Globex", domains: ["globex.com"]),
        VelesCustomer(id: "vc_globex_2", name: "Globex Corporation", domains: ["globex.io"]),
        VelesCustomer(id: "vc_initech_us", name: "Initech US", domains: ["initech.com"]),
        VelesCustomer(id: "vc_initech_eu", name: "Initech Europe", domains: ["https://www.initech.com/eu"]),
        VelesCustomer(id: "vc_ledger", name: "Ledger Partners", billingEmail: "books@ledgerpros.com"),
        VelesCustomer(id: "vc_bakery", name: "Harbor Bakery", billingEmail: "Books@LedgerPros.com"),
        // A sole trader whose record lists the mailbox provider as its domain: data entry mess.
        VelesCustomer(id: "vc_freelancer", name: "Jane Smith Design", domains: ["gmail.com"], contactEmails: ["jane@gmail.com"]),
        VelesCustomer(id: "vc_umbrella", name: "Umbrella Corp", domains: ["WWW.Umbrella.COM"]),
        VelesCustomer(id: "vc_wayne", name: "Wayne Enterprises", domains: ["mail.wayne-enterprises.com"]),
        VelesCustomer(id: "vc_boring", name: "The Boring Company"),
        VelesCustomer(id: "vc_jnj", name: "Johnson & Johnson"),
        VelesCustomer(id: "vc_socgen", name: "Société Générale S.A."),
        VelesCustomer(id: "vc_grossmann", name: "Großmann Straßenbau AG"),
        VelesCustomer(id: "vc_oreilly", name: "O'Reilly Media, Inc."),
        VelesCustomer(id: "vc_widgets", name: "ＡＣＭＥ Widgets"),
        VelesCustomer(id: "vc_hooli", name: "Hooli", domains: ["hooli.xyz"], contactEmails: ["gavin@hooli.xyz"]),
        VelesCustomer(id: "vc_pied", name: "Pied Piper", domains: ["piedpiper.com"]),
        VelesCustomer(id: "vc_yahoo_listed", name: "Bob's Garage", domains: ["yahoo.co.uk"]),
        VelesCustomer(id: "vc_docs", name: "Acme Docs", domains: ["acme-docs.github.io"]),
        VelesCustomer(id: "vc_stark", name: "Stark Industries"),
        VelesCustomer(id: "vc_gone_soon", name: "Vandelay Industries", domains: ["vandelay.com"]),
    ]

    static let index = VelesCustomerIndex(customers: directory, resolver: resolver)
}
