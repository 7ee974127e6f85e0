using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;

namespace MarketMaking.Testing;

/// <summary>The Binance-protocol simulator replaying a market's BTCUSDT recording of 2024-08-08, with its book built, and what the tests read from it.</summary>
public static class BinanceSimulatorSetup
{
    /// <summary>The simulator's API key.</summary>
    public const string Key = "test-key";

    /// <summary>The simulator's HMAC secret.</summary>
    public const string Secret = "test-secret-0123456789";

    /// <summary>An Ed25519 private key as PKCS#8 PEM: RFC 8032's test 1 (section 7.1) seed behind the Ed25519 DER prefix.</summary>
    public static readonly string Ed25519PrivateKeyPem =
        $"-----BEGIN PRIVATE KEY-----\n{Convert.ToBase64String(Convert.FromHexString("302e020100300506032b657004220420" + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))}\n-----END PRIVATE KEY-----";

    /// <summary>The public key of <see cref="Ed25519PrivateKeyPem"/> (RFC 8032 test 1), base64, as the simulator registers it.</summary>
    public static readonly string Ed25519PublicKey = Convert.ToBase64String(Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));

    /// <summary>Another key's public key (RFC 8032 test 2), base64: a venue holding it refuses <see cref="Ed25519PrivateKeyPem"/>'s signatures.</summary>
    public static readonly string OtherEd25519PublicKey = Convert.ToBase64String(Convert.FromHexString("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"));

    /// <summary>The instrument served.</summary>
    public static readonly InstrumentId BtcUsdt = InstrumentId.Create("BTCUSDT");

    /// <summary>Starts the simulator on loopback and replays up to the recording's depth snapshot.</summary>
    /// <param name="market">Spot or USD-M.</param>
    /// <param name="options">The settings (the market, key and secret are set here), or <see langword="null"/>.</param>
    /// <param name="clock">The simulator's clock, or <see langword="null"/> for the system's.</param>
    /// <returns>The running server.</returns>
    public static async Task<BinanceSimulatorServer> StartBtcUsdtAsync(BinanceMarket market, BinanceSimulatorOptions? options = null, TimeProvider? clock = null)
    {
        options ??= new BinanceSimulatorOptions();
        options.Market = market;
        options.ApiKey = Key;
        options.ApiSecret = Secret;
        var file = market == BinanceMarket.Spot ? "spot_btcusdt_20240808.gz" : "usdm_btcusdt_20240808.gz";
        var errors = new List<RecordingError>();
        var recording = new HftBacktestRecordingReader([RepoPaths.Data($"hftbacktest-binance-2024-08/{file}")], errors.Add).ReadEvents();
        var server = await BinanceSimulatorServer.StartAsync(options, [BinanceRecordedInstruments.For(market, "BTCUSDT")], recording, clock);
        Assert.That(await server.ReplayUntilBookAsync(BtcUsdt), Is.True, "the recording holds a depth snapshot");
        return server;
    }

    /// <summary>Reads the venue's best bid and ask.</summary>
    public static Task<(decimal Bid, decimal Ask)> TouchAsync(BinanceSimulatorServer server) =>
        server.ReadAsync(venue =>
        {
            var book = venue.Engines[BtcUsdt].Book;
            return (book.Spec.FromTicks(book.GetBid(0).PriceTicks).Value, book.Spec.FromTicks(book.GetAsk(0).PriceTicks).Value);
        });
}
