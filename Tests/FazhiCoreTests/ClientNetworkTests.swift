import FazhiCore
import Testing

/// The portal's and sign-in's limits count a client by its network: an IPv6 subscriber's /64 is one
/// client however many of its addresses it uses.
@Suite("Client networks")
struct ClientNetworkTests {
    @Test(arguments: [
        ("203.0.113.9", "203.0.113.9"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        ("2001:db8:0:12:a::1", "2001:db8:0:12::/64"),
        ("2001:DB8:0000:0012:ffff:ffff:ffff:ffff", "2001:db8:0:12::/64"),
        ("2001:db8::1", "2001:db8:0:0::/64"),
        ("fe80::1%eth0", "fe80:0:0:0::/64"),
        ("::1", "0:0:0:0::/64"),
        ("unknown", "unknown"),
    ])
    func networks(_ address: String, _ network: String) {
        #expect(ClientNetwork.of(address) == network)
    }
}
