using MarketMaker.Kraken.Simulation;
using MarketMaker.Kraken.Trading;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Models;
using MarketMaking.Simulation.Accounts;

namespace MarketMaker.Kraken.Reporting;

/// <summary>
/// How the start line, the dashboard and the summary name each venue and its fees: in sim mode, what each simulated
/// venue replays and the fee schedule it charges; live, the real venue and that its fees are the ones it charged.
/// </summary>
internal sealed class VenueLabels
{
    private readonly Dictionary<VenueId, (string Name, string Fees)> _labels = [];

    public VenueLabels(RunContext run)
    {
        if (run.Markets is { } markets)
        {
            _labels[markets.Quoted.Venue] = ($"{markets.Quoted.Description} replaying {markets.Settings.DataDescription}", markets.Settings.Fees.ToString());
            _labels[markets.Hedge.Id] = ($"simulated {markets.Hedge.Name} replaying {markets.Settings.HedgeDataDescription}", markets.Hedge.Fees.ToString());
        }
        else
        {
            _labels[KrakenVenue.Id] = ("Kraken Spot", "as charged by Kraken at the account's 30-day volume tier (kraken-spot-0: maker 0.25 %, taker 0.40 %)");
            _labels[MexcVenue.SpotId] = ("MEXC Spot", $"as charged by MEXC ({FeeSchedules.Named("mexc-spot")})");
            _labels[MarketMaking.Adapters.Binance.BinanceVenue.SpotId] = ("Binance Spot", $"as charged by Binance at the account's VIP level ({FeeSchedules.Named("binance-spot-0")} at VIP 0)");
            _labels[MarketMaking.Adapters.Binance.BinanceVenue.UsdMId] = ("Binance USD-M", $"as charged by Binance at the account's VIP level ({FeeSchedules.Named("binance-usdm-0")} at VIP 0)");
            _labels[MarketMaking.Adapters.Bybit.BybitVenue.SpotId] = ("Bybit Spot", $"as charged by Bybit at the account's VIP level ({FeeSchedules.Named("bybit-spot-0")} for a non-VIP account)");
            _labels[MarketMaking.Adapters.Bybit.BybitVenue.LinearId] = ("Bybit linear", $"as charged by Bybit at the account's VIP level ({FeeSchedules.Named("bybit-linear-0")} for a non-VIP account)");
        }
    }

    /// <summary>Returns the venue's name, saying in sim mode what data it replays.</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>The name.</returns>
    public string NameOf(VenueId venue) => _labels.TryGetValue(venue, out var label) ? label.Name : venue.Value;

    /// <summary>Returns the fee schedule the venue charges (sim), or where its fees come from (live).</summary>
    /// <param name="venue">The venue.</param>
    /// <returns>The description.</returns>
    public string FeesOf(VenueId venue) => _labels.TryGetValue(venue, out var label) ? label.Fees : "as charged by the venue";
}
