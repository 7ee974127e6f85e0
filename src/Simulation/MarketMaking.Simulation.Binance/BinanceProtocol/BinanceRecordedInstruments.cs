using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.Recordings.Binance;
using MarketMaking.Simulation.Venue;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>
/// The trading rules of the symbols in the bundled Binance recordings (<c>data/hftbacktest-binance-2024-08</c>), as
/// Binance's <c>exchangeInfo</c> gave them in August 2024, served under their own symbols.
/// </summary>
public static class BinanceRecordedInstruments
{
    /// <summary>Binance writes every price and quantity with at most 8 decimals: the replayed book's grid.</summary>
    private const int WireDecimals = 8;

    /// <summary>Gets the served instrument for a recorded symbol, its book replayed by Binance's update-id rules.</summary>
    /// <param name="market">The market of the recording.</param>
    /// <param name="symbol">The symbol, such as <c>BTCUSDT</c> or <c>BTCUSD_PERP</c>.</param>
    /// <returns>The instrument. Its book's grid is Binance's wire precision, not the trading rules (<see cref="RulesOf"/>):
    /// resting orders placed under an older, finer step stay in the book (the spot BTCUSDT recording holds
    /// <c>200000.00 x 25.426189</c> with a step of 0.00001).</returns>
    /// <exception cref="ArgumentOutOfRangeException">No recording of that symbol is bundled for that market.</exception>
    public static SimulatedInstrument For(BinanceMarket market, string symbol)
    {
        var (_, _, _, baseAsset, quoteAsset) = Rules(market, symbol)
            ?? throw new ArgumentOutOfRangeException(nameof(symbol), symbol, $"No bundled Binance {market} recording of this symbol.");
        var instrument = InstrumentId.Create(symbol);
        return new SimulatedInstrument(
            instrument,
            InstrumentSpec.FromPrecision(instrument, WireDecimals, WireDecimals),
            AssetId.Create(baseAsset),
            AssetId.Create(quoteAsset),
            book => new BinanceDepthSynchronizer(book));
    }

    /// <summary>Gets a recorded symbol's trading rules: tick, step and minimum notional, as <c>exchangeInfo</c> serves them.</summary>
    /// <param name="market">The market of the recording.</param>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The rules, or <see langword="null"/> when no recording of that symbol is bundled.</returns>
    public static InstrumentSpec? RulesOf(BinanceMarket market, string symbol)
    {
        return Rules(market, symbol) is var (tick, lot, minNotional, _, _)
            ? new InstrumentSpec(InstrumentId.Create(symbol), new Price(tick), new Quantity(lot), tick.Scale, lot.Scale, minNotional: minNotional)
            : null;
    }

    private static (decimal Tick, decimal Lot, decimal MinNotional, string Base, string Quote)? Rules(BinanceMarket market, string symbol) => (market, symbol) switch
    {
        (BinanceMarket.Spot, "BTCUSDT") => (0.01m, 0.00001m, 5m, "BTC", "USDT"),
        (BinanceMarket.Spot, "ETHUSDT") => (0.01m, 0.0001m, 5m, "ETH", "USDT"),
        (BinanceMarket.UsdM, "BTCUSDT") => (0.1m, 0.001m, 100m, "BTC", "USDT"),
        (BinanceMarket.UsdM, "ETHUSDT") => (0.01m, 0.001m, 20m, "ETH", "USDT"),

        // COIN-M quantities are contracts (100 USD of BTC, 10 USD of ETH): no minimum notional.
        (BinanceMarket.CoinM, "BTCUSD_PERP") => (0.1m, 1m, 0m, "BTC", "USD"),
        (BinanceMarket.CoinM, "ETHUSD_PERP") => (0.01m, 1m, 0m, "ETH", "USD"),
        _ => null,
    };
}
