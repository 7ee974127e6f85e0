using MarketMaking.Models;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>
/// The symbols of the bundled Binance spot recordings (<c>data/hftbacktest-binance-2024-08/spot_*</c>) served as MEXC
/// Spot lists them: the same names, MEXC's precisions (price 2 decimals, quantity 8), a minimum quantity of 0.000001 and
/// a minimum notional of 1 USDT. The books replay by Binance's update-id rules, as recorded.
/// </summary>
public static class MexcRecordedInstruments
{
    /// <summary>Gets a recorded spot symbol's rules on MEXC.</summary>
    /// <param name="symbol">The symbol: <c>BTCUSDT</c> or <c>ETHUSDT</c>.</param>
    /// <returns>The rules, or <see langword="null"/> when no spot recording of that symbol is bundled.</returns>
    public static InstrumentSpec? RulesOf(string symbol) => symbol is "BTCUSDT" or "ETHUSDT"
        ? new InstrumentSpec(InstrumentId.Create(symbol), new Price(0.01m), new Quantity(0.00000001m), 2, 8, new Quantity(0.000001m), null, 1m)
        : null;

    /// <summary>Gets the served instrument of a recorded spot symbol.</summary>
    /// <param name="symbol">The symbol: <c>BTCUSDT</c> or <c>ETHUSDT</c>.</param>
    /// <returns>The instrument.</returns>
    /// <exception cref="ArgumentOutOfRangeException">No spot recording of that symbol is bundled.</exception>
    public static SimulatedInstrument For(string symbol)
    {
        var spec = RulesOf(symbol) ?? throw new ArgumentOutOfRangeException(nameof(symbol), symbol, "No bundled spot recording of this symbol.");
        return new SimulatedInstrument(spec.Instrument, spec, AssetId.Create(symbol[..^4]), AssetId.Create("USDT"), book => new BinanceDepthSynchronizer(book));
    }
}
