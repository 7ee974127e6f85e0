using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters;
using MarketMaking.Inventory;
using MarketMaking.Models;
using Microsoft.Extensions.Logging;

namespace MarketMaker.Kraken.Trading.Venues;

/// <summary>
/// What quoting a perpetual-futures venue takes whichever it is (Binance USD-M, Bybit linear): each symbol's rules
/// and assets read, the key checked by reading the positions (one opened outside the journal is logged, not adopted),
/// then at start the position mode, margin mode and leverage set from the venue's settings section, before its streams.
/// </summary>
/// <param name="settings">The venue's settings section.</param>
/// <param name="account">The venue's futures account.</param>
/// <param name="logger">The logger.</param>
internal abstract partial class PerpetualTradingVenue(FuturesVenueSettings settings, IFuturesAccount account, ILogger logger) : ITradingVenue, IAsyncDisposable
{
    private readonly Dictionary<InstrumentId, AssetPair> _assets = [];

    public VenueId Id => account.Venue;

    public abstract string Name { get; }

    public abstract string OrderUpdatesConnection { get; }

    /// <remarks>These venues have no validate-only order: live <c>--dry-run</c> is refused for them at start.</remarks>
    public abstract ISpotOrderEntry OrderEntry { get; }

    public abstract IOrderQueries Queries { get; }

    /// <summary>Gets the environment variables of the key, for messages, such as <c>BINANCE_API_KEY and BINANCE_API_SECRET</c>.</summary>
    protected abstract string KeyVariables { get; }

    public Task<IReadOnlyList<InstrumentSpec>> InstrumentsAsync(IReadOnlyList<InstrumentId> wanted, string wantedBy, CancellationToken cancellationToken) =>
        InstrumentRules.ReadAsync(Name, wanted, wantedBy, ReadSymbolAsync, _assets, cancellationToken);

    public AssetPair? AssetsOf(InstrumentId instrument) => _assets.GetValueOrDefault(instrument);

    public async Task CheckKeysAsync(CancellationToken cancellationToken)
    {
        await BeforeKeyCheckAsync(cancellationToken).ConfigureAwait(false);
        var positions = await account.GetPositionsAsync(cancellationToken).ConfigureAwait(false);
        if (!positions.IsSuccess)
        {
            throw KeyRefusal.Of(Name, positions.Error, KeyVariables, "trade futures");
        }

        foreach (var position in positions.Value.Where(p => p.Quantity != 0))
        {
            // Inventory starts from the journal's fills; a position opened elsewhere is not ours to hedge, but is said.
            LogOpenPosition(logger, Name, position.Quantity, position.Instrument.Value, position.EntryPrice);
        }
    }

    public async Task ConnectAsync(IReadOnlyList<InstrumentSpec> specs, int bookDepth, CancellationToken cancellationToken)
    {
        var wanted = new FuturesAccountSettings { PositionMode = settings.PositionMode, MarginMode = settings.MarginMode, Leverage = settings.Leverage };
        foreach (var spec in specs)
        {
            wanted.Instruments.Add(spec.Instrument);
        }

        var applied = await wanted.ApplyAsync(account, cancellationToken).ConfigureAwait(false);
        if (!applied.IsSuccess)
        {
            throw new InvalidOperationException($"{Name} refused the account's settings: {applied.Error}; no order was sent.");
        }

        LogAccountSet(logger, Name, settings.PositionMode, settings.MarginMode, settings.Leverage, string.Join(", ", specs.Select(s => s.Instrument.Value)));
        await SubscribeAsync(specs, cancellationToken).ConfigureAwait(false);
    }

    public abstract Task StopAsync(bool ordersMayRest);

    public abstract ValueTask DisposeAsync();

    /// <summary>Reads a symbol's rules and its base and quote assets from the venue.</summary>
    protected abstract Task<VenueResult<(InstrumentSpec Spec, AssetPair Assets)>> ReadSymbolAsync(InstrumentId instrument, CancellationToken cancellationToken);

    /// <summary>What the venue needs before its first signed call (Binance: the server clock's offset).</summary>
    protected virtual Task BeforeKeyCheckAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Subscribes the books and starts the user stream, once the account is set.</summary>
    protected abstract Task SubscribeAsync(IReadOnlyList<InstrumentSpec> specs, CancellationToken cancellationToken);

    [LoggerMessage(EventId = 9230, Level = LogLevel.Information, Message = "{Venue} account set: {PositionMode} positions, {MarginMode} margin, leverage {Leverage} on {Instruments}")]
    private static partial void LogAccountSet(ILogger logger, string venue, PositionMode positionMode, MarginMode marginMode, int leverage, string instruments);

    [LoggerMessage(EventId = 9231, Level = LogLevel.Warning, Message = "{Venue} holds a position of {Quantity} {Instrument} (entry {EntryPrice}) at start, opened outside this run's journal: inventory does not count it")]
    private static partial void LogOpenPosition(ILogger logger, string venue, decimal quantity, string instrument, decimal entryPrice);
}
