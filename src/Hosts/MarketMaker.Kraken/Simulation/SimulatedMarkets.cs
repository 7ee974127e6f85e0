using MarketMaking.Adapters;
using MarketMaking.Adapters.Binance;
using MarketMaking.Adapters.Bybit;
using MarketMaking.Adapters.Mexc;
using MarketMaking.Inventory;
using MarketMaking.Models;
using MarketMaking.Simulation.BinanceProtocol;
using MarketMaking.Simulation.BybitProtocol;
using MarketMaking.Simulation.KrakenProtocol;
using MarketMaking.Simulation.MexcProtocol;
using MarketMaking.Simulation.Recordings;
using MarketMaking.Simulation.Venue;

namespace MarketMaker.Kraken.Simulation;

/// <summary>
/// The markets of a sim run: the quoted venue's simulator on a loopback port, speaking its protocol (Kraken Spot's,
/// MEXC Spot's over a Binance spot recording under MEXC's rules, Binance Spot's or Bybit Spot's over a spot recording, or Binance
/// USD-M's or Bybit linear's over a USD-M recording) and replaying the quoted venue's recording, charging the fee
/// schedule <c>Host:Fees</c> names, and a hedge venue simulated in process (<see cref="SimulatedHedgeVenue"/>: MEXC
/// Spot, or Binance USD-M when a spot venue other than Kraken is quoted) replaying a second recording of the same
/// minutes, kept in step by <see cref="ReplayDriver"/>.
/// </summary>
internal sealed class SimulatedMarkets : IAsyncDisposable
{
    private const int ProblemsShown = 10;
    private readonly ReadErrorCount _replayErrors;

    private SimulatedMarkets(IQuotedSimulator quoted, InstrumentSpec spec, InstrumentSpec hedgeSpec, Recording hedgeRecording, AssetPair assets, ReadErrorCount replayErrors, SimSettings settings)
    {
        Settings = settings;
        _replayErrors = replayErrors;
        Quoted = quoted;
        Spec = spec;
        HedgeSpec = hedgeSpec;
        HedgeRecording = hedgeRecording;
        Assets = assets;
        Hedge = SimulatedHedgeVenue.For(settings.Venue);
    }

    /// <summary>Gets the seed of both simulated venues' random draws (the hedge venue's is derived from it).</summary>
    public int Seed { get; private init; }

    /// <summary>Gets what the run replays, how fast, and the fees charged.</summary>
    public SimSettings Settings { get; }

    /// <summary>Gets the hedge venue: its id, name and fees.</summary>
    public SimulatedHedgeVenue Hedge { get; }

    /// <summary>Gets the quoted venue's simulator.</summary>
    public IQuotedSimulator Quoted { get; }

    /// <summary>Gets the instrument quoted, as served.</summary>
    public InstrumentSpec Spec { get; }

    /// <summary>Gets the hedge venue's instrument, named as that venue names it (<c>BTCUSDT</c>).</summary>
    public InstrumentSpec HedgeSpec { get; }

    /// <summary>Gets the base and quote asset.</summary>
    public AssetPair Assets { get; }

    /// <summary>Gets how many lines the replay could not read (0 unless a recording changed after the start's check): the run then did not replay the whole recording.</summary>
    public long ReplayReadErrors => Interlocked.Read(ref _replayErrors.Value);

    /// <summary>Gets the hedge venue, once <see cref="CreateHedgeVenue"/> ran.</summary>
    public SimulatedVenueClient? HedgeVenue { get; private set; }

    private Recording HedgeRecording { get; }

    /// <summary>Reads the recordings and starts the quoted venue's simulator.</summary>
    /// <param name="settings">The sim settings.</param>
    /// <param name="problems">Receives why the recordings cannot be used.</param>
    /// <returns>The markets, or <see langword="null"/> with the problems filled.</returns>
    public static async Task<SimulatedMarkets?> StartAsync(SimSettings settings, List<string> problems)
    {
        var format = RecordingSources.ParseFormat(settings.Format);
        var replayErrors = new ReadErrorCount();
        var quoted = Open(format, settings.Data, problems, replayErrors);
        var hedged = Open(format, settings.HedgeData, problems, replayErrors);
        if (quoted is null || hedged is null)
        {
            return null;
        }

        var parts = settings.Symbol.Split('/');
        var assets = new AssetPair(AssetId.Create(parts[0]), AssetId.Create(parts[1]));
        var hedgeSpec = HedgeSpecOf(settings, InstrumentId.Create(parts[0] + parts[1]));
        if (settings.Venue == MexcVenue.SpotId.Value)
        {
            return await StartMexcSpotAsync(settings, quoted, hedged, hedgeSpec, replayErrors, problems).ConfigureAwait(false);
        }

        if (settings.Venue == BinanceVenue.UsdMId.Value || settings.Venue == BinanceVenue.SpotId.Value)
        {
            var market = settings.Venue == BinanceVenue.SpotId.Value ? BinanceMarket.Spot : BinanceMarket.UsdM;
            return await StartBinanceAsync(market, settings, quoted, hedged, hedgeSpec, replayErrors, problems).ConfigureAwait(false);
        }

        if (settings.Venue == BybitVenue.LinearId.Value || settings.Venue == BybitVenue.SpotId.Value)
        {
            var category = settings.Venue == BybitVenue.SpotId.Value ? BybitCategory.Spot : BybitCategory.Linear;
            return await StartBybitAsync(category, settings, quoted, hedged, hedgeSpec, replayErrors, problems).ConfigureAwait(false);
        }

        var served = InstrumentId.Create(settings.Symbol);
        var spec = InstrumentSpec.FromPrecision(served, settings.PricePrecision, settings.QuantityPrecision);

        // The market maker quotes for minutes of market in seconds: the Kraken rate limits would be reached in
        // replayed time that passes faster than the counters decay, so they are not enforced in sim mode.
        var options = new KrakenSimulatorOptions { Speed = settings.Speed, EnforceRateLimits = false, Venue = new SimulatedVenueOptions { Seed = settings.Seed, Fees = settings.Fees } };
        var kraken = await KrakenSimulatorServer.StartAsync(
            options,
            [new SimulatedInstrument(quoted.Instrument, spec, assets.Base, assets.Quote, RecordingSources.Synchronizer(format))],
            quoted.Events).ConfigureAwait(false);
        return new SimulatedMarkets(new KrakenQuotedSimulator(kraken, options), spec, hedgeSpec, hedged, assets, replayErrors, settings) { Seed = settings.Seed };
    }

    /// <summary>
    /// The MEXC Spot-protocol simulator serving a Binance spot recording under its own symbol and MEXC's rules for it, its
    /// order rate enforced in replayed time (10 requests a second of market, the adapter paced alike), the book replayed
    /// up to its first snapshot so that the adapter's first REST snapshot has a book to bridge.
    /// </summary>
    private static async Task<SimulatedMarkets?> StartMexcSpotAsync(SimSettings settings, Recording quoted, Recording hedged, InstrumentSpec hedgeSpec, ReadErrorCount replayErrors, List<string> problems)
    {
        var symbol = quoted.Instrument.Value;
        if (MexcRecordedInstruments.RulesOf(symbol) is not { } rules)
        {
            problems.Add($"--venue mexc serves the bundled Binance spot recordings (spot_btcusdt_*, spot_ethusdt_*) under MEXC's rules for them; {string.Join(", ", settings.Data.Select(Path.GetFileName))} holds {symbol}");
            return null;
        }

        var instrument = MexcRecordedInstruments.For(symbol);
        // 10 order requests a second of market: the adapter and the venue count in real time, which passes Speed times
        // slower than the market quoted (the adapter takes at most 1,000 a second).
        var options = new MexcSimulatorOptions
        {
            Speed = settings.Speed,
            OrderRequestsPerSecond = Math.Min(InReplayedTime(10, settings.Speed, 1_000), 1_000),
            Venue = new SimulatedVenueOptions { Seed = settings.Seed, Fees = settings.Fees },
        };
        var mexc = await MexcSimulatorServer.StartAsync(options, [instrument], quoted.Events).ConfigureAwait(false);
        if (!await BookBuiltAsync(mexc.ReplayUntilBookAsync(quoted.Instrument), mexc, settings, problems).ConfigureAwait(false))
        {
            return null;
        }

        return new SimulatedMarkets(new MexcQuotedSimulator(mexc, options), rules, hedgeSpec, hedged, new AssetPair(instrument.BaseAsset, instrument.QuoteAsset), replayErrors, settings) { Seed = settings.Seed };
    }

    /// <summary>
    /// A venue's order-rate limit over replayed time: the adapter and the simulator count in real time, which passes
    /// <paramref name="speed"/> times slower than the market quoted; <paramref name="whenUnpaced"/> at speed 0 (as fast
    /// as possible).
    /// </summary>
    private static int InReplayedTime(int limit, double speed, int whenUnpaced) => speed > 0 ? (int)Math.Ceiling(limit * speed) : whenUnpaced;

    /// <summary>
    /// The Binance-protocol simulator serving a spot or USD-M recording under its own symbol and the rules Binance gave
    /// it, its request weight enforced (counted in real minutes, as Binance counts them), the book replayed up to its
    /// first snapshot so that the adapter's first REST snapshot has a book to bridge.
    /// </summary>
    private static async Task<SimulatedMarkets?> StartBinanceAsync(BinanceMarket market, SimSettings settings, Recording quoted, Recording hedged, InstrumentSpec hedgeSpec, ReadErrorCount replayErrors, List<string> problems)
    {
        var symbol = quoted.Instrument.Value;
        if (BinanceRecordedInstruments.RulesOf(market, symbol) is not { } rules)
        {
            var files = market == BinanceMarket.Spot ? "Binance spot recordings (spot_btcusdt_*, spot_ethusdt_*)" : "Binance USD-M recordings (usdm_btcusdt_*, usdm_ethusdt_*)";
            problems.Add($"--venue {settings.Venue} serves the bundled {files}, whose trading rules it knows; {string.Join(", ", settings.Data.Select(Path.GetFileName))} holds {symbol}");
            return null;
        }

        var instrument = BinanceRecordedInstruments.For(market, symbol);
        // The venue's order-count limit in replayed time (50 new orders per 10 s on spot, 300 on USD-M): the adapter
        // counts in real time, which passes Speed times slower than the market it quotes.
        var ordersPer10Seconds = market == BinanceMarket.Spot ? 50 : 300;
        var options = new BinanceSimulatorOptions
        {
            Market = market,
            Speed = settings.Speed,
            OrdersPer10Seconds = InReplayedTime(ordersPer10Seconds, settings.Speed, 1_000_000),
            Venue = new SimulatedVenueOptions { Seed = settings.Seed, Fees = settings.Fees },
        };
        var binance = await BinanceSimulatorServer.StartAsync(options, [instrument], quoted.Events).ConfigureAwait(false);
        if (!await BookBuiltAsync(binance.ReplayUntilBookAsync(quoted.Instrument), binance, settings, problems).ConfigureAwait(false))
        {
            return null;
        }

        return new SimulatedMarkets(new BinanceQuotedSimulator(binance, options), rules, hedgeSpec, hedged, new AssetPair(instrument.BaseAsset, instrument.QuoteAsset), replayErrors, settings) { Seed = settings.Seed };
    }

    /// <summary>
    /// The Bybit-protocol simulator serving a spot recording (spot) or a USD-M one (linear) under its own symbol and the
    /// rules Binance gave it (Bybit's BTCUSDT has the same tick on both, and a step no coarser), its order rate enforced in
    /// replayed time, the book replayed up to its first snapshot so that a subscription starts with one.
    /// </summary>
    private static async Task<SimulatedMarkets?> StartBybitAsync(BybitCategory category, SimSettings settings, Recording quoted, Recording hedged, InstrumentSpec hedgeSpec, ReadErrorCount replayErrors, List<string> problems)
    {
        var symbol = quoted.Instrument.Value;
        var market = category == BybitCategory.Spot ? BinanceMarket.Spot : BinanceMarket.UsdM;
        if (BinanceRecordedInstruments.RulesOf(market, symbol) is not { } rules)
        {
            var files = category == BybitCategory.Spot ? "spot recordings (spot_btcusdt_*, spot_ethusdt_*)" : "USD-M recordings (usdm_btcusdt_*, usdm_ethusdt_*)";
            problems.Add($"--venue {settings.Venue} serves the bundled {files}, whose trading rules it knows; {string.Join(", ", settings.Data.Select(Path.GetFileName))} holds {symbol}");
            return null;
        }

        var wire = BinanceRecordedInstruments.For(market, symbol);
        // Bybit's order rate per endpoint (20 a second on spot, 10 on linear) in replayed time, as the other simulators'.
        var perSecond = category == BybitCategory.Spot ? 20 : 10;
        var options = new BybitSimulatorOptions
        {
            Category = category,
            Speed = settings.Speed,
            OrderRequestsPerSecond = InReplayedTime(perSecond, settings.Speed, 1_000_000),
            Venue = new SimulatedVenueOptions { Seed = settings.Seed, Fees = settings.Fees },
        };
        var bybit = await BybitSimulatorServer.StartAsync(
            options,
            [new SimulatedInstrument(quoted.Instrument, new InstrumentSpec(quoted.Instrument, rules.TickSize, rules.LotSize, rules.PricePrecision, rules.SizePrecision, rules.LotSize, null, 5m), wire.BaseAsset, wire.QuoteAsset, wire.CreateSynchronizer)],
            quoted.Events).ConfigureAwait(false);
        if (!await BookBuiltAsync(bybit.ReplayUntilBookAsync(quoted.Instrument), bybit, settings, problems).ConfigureAwait(false))
        {
            return null;
        }

        return new SimulatedMarkets(new BybitQuotedSimulator(bybit, options), rules, hedgeSpec, hedged, new AssetPair(wire.BaseAsset, wire.QuoteAsset), replayErrors, settings) { Seed = settings.Seed };
    }

    /// <summary>
    /// Waits for a quoted simulator's replay up to the recording's first depth snapshot; when the recording holds none,
    /// the simulator is disposed and the problem said (there is no book to quote on).
    /// </summary>
    private static async Task<bool> BookBuiltAsync(Task<bool> replayUntilBook, IAsyncDisposable simulator, SimSettings settings, List<string> problems)
    {
        if (await replayUntilBook.ConfigureAwait(false))
        {
            return true;
        }

        await simulator.DisposeAsync().ConfigureAwait(false);
        problems.Add($"recording {string.Join(", ", settings.Data)} holds no depth snapshot, so there is no book to quote on");
        return false;
    }

    /// <summary>
    /// The hedge instrument: Binance USD-M's rules for a bundled USD-M symbol when hedging there, else the precisions
    /// of <c>Host:HedgePricePrecision</c> and <c>Host:HedgeQuantityPrecision</c> (MEXC's for BTCUSDT by default).
    /// </summary>
    private static InstrumentSpec HedgeSpecOf(SimSettings settings, InstrumentId hedged) =>
        SimulatedHedgeVenue.For(settings.Venue).Id == BinanceVenue.UsdMId && BinanceRecordedInstruments.RulesOf(BinanceMarket.UsdM, hedged.Value) is { } rules
            ? rules
            : InstrumentSpec.FromPrecision(hedged, settings.HedgePricePrecision, settings.HedgeQuantityPrecision);

    /// <summary>Creates the hedge venue, posting to the engine loop.</summary>
    /// <param name="sink">The engine loop's sink.</param>
    /// <param name="format">The recording format.</param>
    /// <returns>The hedge venue.</returns>
    public SimulatedVenueClient CreateHedgeVenue(IVenueEventSink sink, string format)
    {
        HedgeVenue ??= new SimulatedVenueClient(
            Hedge.Id,
            new SimulatedVenueOptions { Fees = Hedge.Fees, Seed = unchecked((Seed * 31) + 1) },
            [new SimulatedInstrument(HedgeRecording.Instrument, HedgeSpec, Assets.Base, Assets.Quote, RecordingSources.Synchronizer(RecordingSources.ParseFormat(format)))],
            HedgeRecording.Events,
            new Dictionary<AssetId, decimal> { [Assets.Base] = 10m, [Assets.Quote] = 1_000_000m },
            sink);
        return HedgeVenue;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        HedgeVenue?.Dispose();
        await Quoted.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Opens recordings for a replay that reads them as it goes (the whole file is never held in memory). They are read
    /// through once first: a truncated or corrupt file, or a line that cannot be read, stops the start with the file
    /// and line named, instead of a replay that skips market data or ends early without a word.
    /// </summary>
    private static Recording? Open(RecordingFormat format, IReadOnlyList<string> files, List<string> problems, ReadErrorCount replayErrors)
    {
        var missing = files.Where(f => !File.Exists(f)).ToArray();
        if (missing.Length > 0)
        {
            problems.AddRange(missing.Select(f => $"recording {f} does not exist"));
            return null;
        }

        var errors = new List<RecordingError>();
        MarketDataEvent? first = null;
        foreach (var marketEvent in RecordingSources.CreateReader(format, files, errors.Add).ReadEvents())
        {
            first ??= marketEvent;
        }

        if (errors.Count > 0)
        {
            problems.AddRange(errors.Take(ProblemsShown).Select(e => $"recording {e}"));
            if (errors.Count > ProblemsShown)
            {
                problems.Add($"recording {string.Join(", ", files)}: {errors.Count - ProblemsShown:N0} more lines that cannot be read");
            }

            return null;
        }

        if (first is null)
        {
            problems.Add($"no market data could be read from {string.Join(", ", files)} as {format}");
            return null;
        }

        // Read again as the replay goes; a file changed since the check is still counted, never skipped silently.
        return new Recording(first.Instrument, RecordingSources.CreateReader(format, files, _ => Interlocked.Increment(ref replayErrors.Value)).ReadEvents());
    }

    /// <summary>A recording: the instrument it names, and its events, read lazily.</summary>
    private sealed record Recording(InstrumentId Instrument, IEnumerable<MarketDataEvent> Events);

    /// <summary>The replay's count of unreadable lines, shared by both recordings' readers (their threads differ).</summary>
    private sealed class ReadErrorCount
    {
        public long Value;
    }
}
