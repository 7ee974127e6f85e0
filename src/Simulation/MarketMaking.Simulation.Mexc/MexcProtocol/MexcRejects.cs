using MarketMaking.Models;
using MarketMaking.Simulation.Matching;

namespace MarketMaking.Simulation.MexcProtocol;

/// <summary>The venue-neutral matching engine's refusals as MEXC Spot's error codes and messages.</summary>
/// <remarks>Source: <see href="https://www.mexc.com/api-docs/spot-v3/general-info"/> (error codes).</remarks>
internal static class MexcRejects
{
    public static (int Code, string Message) Wire(VenueError error)
    {
        if (!SimulatedRejection.TryRead(error, out var reason))
        {
            return (-1, "An unknown error occurred while processing the request.");
        }

        return reason switch
        {
            SimulatedReject.InsufficientFunds => (30004, "Insufficient position"),
            SimulatedReject.UnknownOrder => (-2011, "Unknown order sent."),
            SimulatedReject.UnknownInstrument => (-1121, "Invalid symbol."),
            SimulatedReject.TickSize => (30010, "Price precision is not supported by the symbol"),
            SimulatedReject.OrderMinimum or SimulatedReject.CostMinimum => (30002, "Minimum transaction volume cannot be less than the symbol's minimum"),
            _ => (700004, $"The order was refused: {SimulatedRejection.DetailOf(error)}"),
        };
    }
}
