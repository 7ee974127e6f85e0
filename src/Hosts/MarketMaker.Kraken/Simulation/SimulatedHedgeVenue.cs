using MarketMaking.Adapters.Binance;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;

namespace MarketMaker.Kraken.Simulation;

/// <summary>
/// The hedge venue of a sim run, simulated in process: MEXC Spot (<c>mexc-spot</c> fees: 0 % maker, 0.05 % taker), or
/// Binance USD-M (<c>binance-usdm-0</c>) when MEXC Spot, Binance Spot or Bybit Spot is the venue quoted.
/// </summary>
/// <param name="Id">Its venue id: what <c>Inventory:Hedging:Venue</c> names to hedge there.</param>
/// <param name="Name">Its name in messages, such as <c>MEXC Spot</c>.</param>
/// <param name="Fees">The fees it charges.</param>
internal sealed record SimulatedHedgeVenue(VenueId Id, string Name, FeeSchedule Fees)
{
    /// <summary>The simulated hedge venue of a run quoting a venue.</summary>
    /// <param name="quotedVenue">The venue quoted (<c>--venue</c>).</param>
    /// <returns>The hedge venue.</returns>
    public static SimulatedHedgeVenue For(string quotedVenue) => quotedVenue == MexcVenue.SpotId.Value || quotedVenue == BinanceVenue.SpotId.Value || quotedVenue == MarketMaking.Adapters.Bybit.BybitVenue.SpotId.Value
        ? new(BinanceVenue.UsdMId, "Binance USD-M", FeeSchedules.Named("binance-usdm-0")!)
        : new(MexcVenue.SpotId, "MEXC Spot", FeeSchedules.Named("mexc-spot")!);
}
