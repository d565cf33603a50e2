/// Mailbox providers and ISPs whose domain says nothing about which company a person works for,
/// so the domain rule never matches on them (a Gmail address still matches by exact email).
enum FreeMailDomains {
    /// Registrable domains of free-mail and ISP providers.
    static let domains: Set<String> = [
        "gmail.com", "googlemail.com", "outlook.com", "live.com", "msn.com", "passport.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "aim.com", "proton.me", "protonmail.com",
        "protonmail.ch", "pm.me", "tutanota.com", "tutanota.de", "tuta.io", "fastmail.com", "fastmail.fm",
        "hey.com", "zoho.com", "zohomail.com", "mail.com", "email.com", "gmx.com", "gmx.net",
        "web.de", "t-online.de", "freenet.de", "arcor.de", "mail.ru", "inbox.ru", "list.ru", "bk.ru",
        "rambler.ru", "ukr.net", "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com",
        "sina.cn", "sohu.com", "aliyun.com", "naver.com", "daum.net", "hanmail.net", "rediffmail.com",
        "ymail.com", "rocketmail.com", "btinternet.com", "sky.com", "virginmedia.com", "ntlworld.com",
        "talktalk.net", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr", "libero.it",
        "virgilio.it", "tiscali.it", "alice.it", "seznam.cz", "wp.pl", "o2.pl", "interia.pl", "onet.pl",
        "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net",
        "charter.net", "earthlink.net", "optonline.net", "shaw.ca", "rogers.com", "sympatico.ca",
        "bigpond.com", "bigpond.net.au", "optusnet.com.au", "xtra.co.nz", "telenet.be", "skynet.be",
        "ziggo.nl", "kpnmail.nl", "bluewin.ch", "hushmail.com", "mailbox.org", "posteo.de", "posteo.net",
        "yopmail.com", "mailinator.com",
    ]

    /// Providers that register the same brand under many country suffixes (yahoo.co.uk, gmx.de,
    /// hotmail.fr, yandex.ru, …): the registrable domain's first label is enough.
    static let brands: Set<String> = ["yahoo", "hotmail", "outlook", "live", "gmx", "yandex", "aol", "windowslive"]

    /// Whether a registrable domain belongs to a free-mail or ISP provider.
    static func contains(registrableDomain domain: String) -> Bool {
        if domains.contains(domain) { return true }
        guard let dot = domain.firstIndex(of: ".") else { return false }
        return brands.contains(String(domain[..<dot]))
    }
}
