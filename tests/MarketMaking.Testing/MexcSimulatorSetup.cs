using MarketMaking.Models;
using MarketMaking.Simulation.MexcProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Recordings.Binance;

namespace MarketMaking.Testing;

/// <summary>
/// The MEXC Spot-protocol simulator replaying the BTCUSDT spot recording of 2024-08-08 under MEXC's rules for it
/// (<see cref="MexcRecordedInstruments"/>), with its book built.
/// </summary>
public static class MexcSimulatorSetup
{
    /// <summary>The instrument served.</summary>
    public static readonly InstrumentId BtcUsdt = InstrumentId.Create("BTCUSDT");

    /// <summary>Starts the simulator on loopback and replays up to the recording's depth snapshot.</summary>
    /// <param name="options">The settings.</param>
    /// <returns>The running server.</returns>
    public static async Task<MexcSimulatorServer> StartBtcUsdtAsync(MexcSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<RecordingError>();
        var recording = new HftBacktestRecordingReader([RepoPaths.Data("hftbacktest-binance-2024-08/spot_btcusdt_20240808.gz")], errors.Add).ReadEvents();
        var server = await MexcSimulatorServer.StartAsync(options, [MexcRecordedInstruments.For(BtcUsdt.Value)], recording);
        Assert.That(await server.ReplayUntilBookAsync(BtcUsdt), Is.True, "the recording holds a depth snapshot");
        return server;
    }
}
