using MarketMaking.Adapters.Binance;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.BinanceProtocol;

/// <summary>The matching engine's typed refusals as Binance's codes and messages, per market.</summary>
/// <remarks>Source: <see href="https://developers.binance.com/docs/binance-spot-api-docs/errors"/>, <see href="https://developers.binance.com/docs/derivatives/usds-margined-futures/error-code"/>.</remarks>
internal static class BinanceRejects
{
    public static (int Code, string Message) Wire(VenueError error, BinanceMarket market)
    {
        if (!SimulatedRejection.TryRead(error, out var reason))
        {
            return (-1000, "An unknown error occurred while processing the request.");
        }

        var futures = market != BinanceMarket.Spot;
        return reason switch
        {
            SimulatedReject.PostOnlyWouldCross when futures => (-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected."),
            SimulatedReject.PostOnlyWouldCross => (-2010, "Order would immediately match and take."),
            SimulatedReject.DuplicateOrder => (-2010, "Duplicate order sent."),
            SimulatedReject.InsufficientFunds when futures => (-2019, "Margin is insufficient."),
            SimulatedReject.InsufficientFunds => (-2010, "Account has insufficient balance for requested action."),
            SimulatedReject.UnknownOrder => (-2011, "Unknown order sent."),
            SimulatedReject.UnknownInstrument => (-1121, "Invalid symbol."),
            SimulatedReject.TickSize => (-1013, "Filter failure: PRICE_FILTER"),
            SimulatedReject.OrderMinimum => (-1013, "Filter failure: LOT_SIZE"),
            SimulatedReject.CostMinimum => (-1013, "Filter failure: NOTIONAL"),
            SimulatedReject.InsufficientLiquidity => (-2010, "Order would trigger immediately with no liquidity."),
            _ => (-1104, $"Not all sent parameters were read: {SimulatedRejection.DetailOf(error)}"),
        };
    }
}
