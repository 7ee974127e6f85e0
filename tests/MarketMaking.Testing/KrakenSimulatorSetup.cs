using MarketMaking.Simulation.Venue;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.Recordings.Binance;

namespace MarketMaking.Testing;

/// <summary>
/// The end-to-end tests' common setup: the Kraken-protocol simulator serving the real spot BTCUSDT recording of
/// 2024-08-08 as BTC/USDT, and the Kraken adapter's options pointed at it.
/// </summary>
public static class KrakenSimulatorSetup
{
    /// <summary>The instrument served.</summary>
    public static readonly InstrumentSpec BtcUsdt = InstrumentSpec.FromPrecision(InstrumentId.Create("BTC/USDT"), 2, 8);

    /// <summary>Reads the spot BTCUSDT recording (every line must read).</summary>
    /// <returns>Its events, in order.</returns>
    public static List<MarketDataEvent> ReadSpotRecording() =>
        [.. new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], e => throw new InvalidOperationException(e.ToString())).ReadEvents()];

    /// <summary>Starts the simulator on loopback serving the spot recording as BTC/USDT.</summary>
    /// <param name="options">The simulator's settings.</param>
    /// <param name="recording">The events to replay; the spot recording when <see langword="null"/>.</param>
    /// <returns>The running server.</returns>
    public static Task<KrakenSimulatorServer> StartSpotBtcUsdtAsync(KrakenSimulatorOptions options, IEnumerable<MarketDataEvent>? recording = null) =>
        KrakenSimulatorServer.StartAsync(
            options,
            [new SimulatedInstrument(InstrumentId.Create("BTCUSDT"), BtcUsdt, AssetId.Create("BTC"), AssetId.Create("USDT"), b => new BinanceDepthSynchronizer(b))],
            recording ?? ReadSpotRecording());

    /// <summary>
    /// The adapter's options for the simulator: its URLs and key, no dead-man switch (its time-out would run on
    /// replayed time) and no modelled trading counter (the tests replay minutes in seconds).
    /// </summary>
    /// <param name="server">The simulator.</param>
    /// <param name="options">Its settings (the key and secret).</param>
    /// <returns>New options the test may change further.</returns>
    public static KrakenOptions ClientOptions(KrakenSimulatorServer server, KrakenSimulatorOptions options) => new()
    {
        RestBaseUrl = server.RestBaseUrl,
        PublicWebSocketUrl = server.PublicWebSocketUrl,
        PrivateWebSocketUrl = server.PrivateWebSocketUrl,
        ApiKey = options.ApiKey,
        ApiSecret = options.ApiSecret,
        DeadManSwitchRefreshInterval = TimeSpan.Zero,
        ModelTradingCounter = false,
    };
}
