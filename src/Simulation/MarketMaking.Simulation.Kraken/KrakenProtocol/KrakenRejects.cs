using MarketMaking.Adapters;
using MarketMaking.Models;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.KrakenProtocol;

/// <summary>
/// The matching engine's typed refusals as Kraken writes them in an answer's <c>error</c>
/// (<see href="https://docs.kraken.com/api/docs/guides/spot-errors"/>).
/// </summary>
internal static class KrakenRejects
{
    /// <summary>Returns Kraken's error string for a refusal.</summary>
    /// <param name="error">The refusal.</param>
    /// <returns>The string, such as <c>EOrder:Post only order</c>.</returns>
    public static string Wire(VenueError error)
    {
        if (!SimulatedRejection.TryRead(error, out var reason))
        {
            return error.VenueCode ?? "EGeneral:Internal error";
        }

        return reason switch
        {
            SimulatedReject.UnknownAccount => "EAPI:Invalid key",
            SimulatedReject.InvalidArguments or SimulatedReject.Unsupported => $"EGeneral:Invalid arguments:{SimulatedRejection.DetailOf(error)}",
            SimulatedReject.UnknownInstrument => "EQuery:Unknown asset pair",
            SimulatedReject.DuplicateOrder => "EOrder:Duplicate order",
            SimulatedReject.PostOnlyWouldCross => "EOrder:Post only order",
            SimulatedReject.InsufficientLiquidity => "EOrder:Insufficient liquidity",
            SimulatedReject.InsufficientFunds => "EOrder:Insufficient funds",
            SimulatedReject.UnknownOrder => "EOrder:Unknown order",
            SimulatedReject.TickSize => "EOrder:Tick size check failed",
            SimulatedReject.OrderMinimum => "EOrder:Order minimum not met",
            SimulatedReject.CostMinimum => "EOrder:Cost minimum not met",
            _ => "EGeneral:Internal error",
        };
    }
}
