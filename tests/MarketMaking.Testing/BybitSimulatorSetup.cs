using MarketMaking.Adapters.Bybit;
using MarketMaking.Models;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Testing;

/// <summary>
/// The Bybit-protocol simulator replaying a BTCUSDT recording of 2024-08-08 as one category, with its book built: spot
/// from the spot recording (tick 0.01, the wire's 8 decimals), linear from the USD-M one (tick 0.1, step 0.001,
/// minimum notional 5 USDT).
/// </summary>
public static class BybitSimulatorSetup
{
    /// <summary>The instrument served.</summary>
    public static readonly InstrumentId BtcUsdt = InstrumentId.Create("BTCUSDT");

    /// <summary>Starts the simulator on loopback and replays up to the recording's depth snapshot.</summary>
    /// <param name="options">The settings; the category picks the recording.</param>
    /// <returns>The running server.</returns>
    public static async Task<BybitSimulatorServer> StartBtcUsdtAsync(BybitSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (file, spec) = options.Category == BybitCategory.Spot
            ? ("spot_btcusdt_20240808.gz", InstrumentSpec.FromPrecision(BtcUsdt, 2, 8))
            : ("usdm_btcusdt_20240808.gz", new InstrumentSpec(BtcUsdt, new Price(0.1m), new Quantity(0.001m), 1, 3, new Quantity(0.001m), null, 5m));
        var errors = new List<RecordingError>();
        var recording = new HftBacktestRecordingReader([RepoPaths.Data($"hftbacktest-binance-2024-08/{file}")], errors.Add).ReadEvents();
        var server = await BybitSimulatorServer.StartAsync(
            options,
            [new SimulatedInstrument(BtcUsdt, spec, AssetId.Create("BTC"), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book))],
            recording);
        Assert.That(await server.ReplayUntilBookAsync(BtcUsdt), Is.True, "the recording holds a depth snapshot");
        return server;
    }
}
