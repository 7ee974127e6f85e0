using MarketMaker.Kraken.Configuration;
using MarketMaker.Kraken.Simulation;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// Kraken Spot as the venue quoted or the live hedge venue: orders on the WebSocket v2 API (live <c>--dry-run</c>: Kraken's <c>validate</c>
/// flag), the instruments and order queries over REST, the dead-man switch left armed at the end while an order of
/// ours may still rest. In sim mode the instrument is the one the Kraken-protocol simulator serves.
/// </summary>
internal sealed class KrakenTradingVenue(KrakenSpotWsClient ws, KrakenSpotRestClient rest, RunContext run, IOptions<RunOptions> options, TimeProvider clock, ILogger<KrakenTradingVenue> logger) : ITradingVenue
{
    public VenueId Id => KrakenVenue.Id;

    public string Name => "Kraken";

    public string OrderUpdatesConnection => "private";

    public ISpotOrderEntry OrderEntry { get; } = options.Value.DryRun && !run.IsSim ? new DryRunOrderEntry(ws) : ws;

    public IOrderQueries Queries => rest;

    /// <summary>Gets the REST client (the balance check).</summary>
    public KrakenSpotRestClient Rest => rest;

    public async Task<IReadOnlyList<InstrumentSpec>> InstrumentsAsync(IReadOnlyList<InstrumentId> wanted, string wantedBy, CancellationToken cancellationToken)
    {
        if (run.Markets is { } markets)
        {
            return [markets.Spec];
        }

        var listed = await rest.GetInstrumentsAsync(cancellationToken).ConfigureAwait(false);
        if (!listed.IsSuccess)
        {
            throw new InvalidOperationException($"Kraken's instruments could not be read: {listed.Error}");
        }

        var unknown = wanted.Where(w => !listed.Value.Any(s => s.Instrument == w)).ToArray();
        return unknown.Length > 0
            ? throw new InvalidOperationException($"{wantedBy} {string.Join(", ", unknown)}, which Kraken does not list")
            : [.. listed.Value.Where(s => wanted.Contains(s.Instrument))];
    }

    public AssetPair? AssetsOf(InstrumentId instrument) => null;

    public async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        var balances = await rest.GetBalancesAsync(cancellationToken).ConfigureAwait(false);
        var deadline = clock.GetUtcNow() + TimeSpan.FromSeconds(15);
        while (!balances.IsSuccess && balances.Error.Kind == VenueErrorKind.RateLimited && clock.GetUtcNow() < deadline)
        {
            // Kraken's REST counter outlives our restarts: a quick restart may find it spent. It decays in seconds.
            await Task.Delay(balances.Error.RetryAfter ?? TimeSpan.FromSeconds(3), clock, cancellationToken).ConfigureAwait(false);
            balances = await rest.GetBalancesAsync(cancellationToken).ConfigureAwait(false);
        }

        if (balances.IsSuccess)
        {
            return;
        }

        throw KeyRefusal.Of("Kraken", balances.Error, "KRAKEN_API_KEY and KRAKEN_API_SECRET (the secret as Kraken shows it, in Base64)", "query funds, query and create orders");
    }

    public async Task ConnectAsync(IReadOnlyList<InstrumentSpec> specs, int bookDepth, CancellationToken cancellationToken)
    {
        await ws.StartAsync(cancellationToken).ConfigureAwait(false);
        foreach (var spec in specs)
        {
            await Subscriptions.RequireAsync(ws.SubscribeBookAsync(spec.Instrument, bookDepth, cancellationToken), "book", spec.Instrument, logger).ConfigureAwait(false);
            await Subscriptions.RequireAsync(ws.SubscribeTradesAsync(spec.Instrument, cancellationToken), "trades", spec.Instrument, logger).ConfigureAwait(false);
        }
    }

    public Task StopAsync(bool ordersMayRest) => ws.StopAsync(disarmDeadManSwitch: !ordersMayRest, CancellationToken.None);
}
