using System.ComponentModel.DataAnnotations;

namespace MarketMaker.Kraken.Configuration;

/// <summary>The host's own settings (the <c>Host</c> section); command-line flags override them.</summary>
public sealed class RunOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Host";

    /// <summary>Gets or sets the mode: <c>sim</c> (the default, whatever keys are set) or <c>live</c> (only when asked for).</summary>
    public string? Mode { get; set; }

    /// <summary>
    /// Gets or sets the venue quoted: <c>kraken</c> (Kraken Spot, the default), <c>mexc</c> (MEXC Spot),
    /// <c>binance</c> (Binance Spot), <c>binance-usdm</c> (Binance USD-M futures), <c>bybit</c> (Bybit Spot) or
    /// <c>bybit-linear</c> (Bybit's linear perpetuals);
    /// <c>appsettings.VENUE.json</c> then sets the strategy's venue, symbol and sizes. In sim mode each is the simulator
    /// speaking that venue's protocol over the bundled recording (the spot one for the spot venues, the USD-M one for
    /// both perpetuals).
    /// </summary>
    public string Venue { get; set; } = "kraken";

    /// <summary>Gets whether the venue quoted is Binance Spot.</summary>
    internal bool QuotesBinanceSpot => string.Equals(Venue, "binance", StringComparison.Ordinal);

    /// <summary>Gets whether the venue quoted is Binance USD-M.</summary>
    internal bool QuotesBinanceUsdm => string.Equals(Venue, "binance-usdm", StringComparison.Ordinal);

    /// <summary>Gets whether the venue quoted is Bybit Spot.</summary>
    internal bool QuotesBybitSpot => string.Equals(Venue, "bybit", StringComparison.Ordinal);

    /// <summary>Gets whether the venue quoted is Bybit's linear perpetuals.</summary>
    internal bool QuotesBybitLinear => string.Equals(Venue, "bybit-linear", StringComparison.Ordinal);

    /// <summary>Gets whether the venue quoted is MEXC Spot.</summary>
    internal bool QuotesMexcSpot => string.Equals(Venue, "mexc", StringComparison.Ordinal);

    /// <summary>Gets whether the venue quoted trades perpetuals (Binance USD-M, Bybit linear).</summary>
    internal bool QuotesPerpetuals => QuotesBinanceUsdm || QuotesBybitLinear;

    /// <summary>Gets <see cref="Symbol"/> as the venue quoted names it: Kraken <c>BTC/USDT</c>, MEXC, Binance and Bybit <c>BTCUSDT</c>.</summary>
    internal string QuotedSymbol => NamedOn(Venue);

    /// <summary>Gets <see cref="Symbol"/> as a venue names it: Kraken <c>BTC/USDT</c>, every other <c>BTCUSDT</c>.</summary>
    /// <param name="venue">The venue id.</param>
    /// <returns>The name.</returns>
    internal string NamedOn(string venue) => venue == "kraken" ? Symbol : Symbol.Replace("/", string.Empty, StringComparison.Ordinal);

    /// <summary>Gets or sets the replay speed in sim mode, as a multiple of real time; 0 replays as fast as the stack takes it.</summary>
    [Range(0.0, 100_000.0)]
    public double Speed { get; set; } = 6;

    /// <summary>
    /// Gets or sets the seed of the simulated venues' random draws in sim mode (order-entry and market-data latencies,
    /// injected faults). It fixes the venues' side; a paced run over loopback still varies with thread timing.
    /// </summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// Gets or sets the strategy run: <c>market-maker</c> (the default), <c>avellaneda-stoikov</c>, or, with
    /// <see cref="StrategyAssembly"/>, the name of an <c>IStrategy</c> class in that assembly (optional when it has one).
    /// </summary>
    public string? Strategy { get; set; }

    /// <summary>Gets or sets the path of a built assembly holding the user's strategy (its settings: the <c>StrategySettings</c> section).</summary>
    public string? StrategyAssembly { get; set; }

    /// <summary>Gets or sets how long to run; <see langword="null"/> runs to the end of the recording (sim) or until stopped (live).</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>Gets or sets the loopback port of <c>/metrics</c> and <c>/health</c>; 0 picks a free one, −1 turns them off.</summary>
    [Range(-1, 65_535)]
    public int MetricsPort { get; set; } = 9464;

    /// <summary>Gets or sets where the summary JSON is written at the end.</summary>
    [Required]
    public string SummaryPath { get; set; } = "market-maker-summary.json";

    /// <summary>
    /// Gets or sets the folder the run's report is written to at the end, as <c>mm backtest</c> writes it
    /// (<c>report.html</c>, <c>stats.json</c>, <c>fills.csv</c>, <c>orders.csv</c>, <c>equity.csv</c>), or
    /// <see langword="null"/> for none.
    /// </summary>
    public string? ReportPath { get; set; }

    /// <summary>Gets or sets where the fills CSV is written at the end (one row per fill; see the summary's <c>fillsPath</c>).</summary>
    [Required]
    public string FillsPath { get; set; } = "market-maker-fills.csv";

    /// <summary>
    /// Gets or sets the directory of the host's state: the OMS journal (one file per venue account, unless
    /// <c>Oms:JournalPath</c> names one) and the control endpoint's token. Created owner-only when missing.
    /// </summary>
    [Required]
    public string StateDirectory { get; set; } = "state";

    /// <summary>Gets or sets how long shutdown waits for the venues to confirm the cancels.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how often the Orders/Hedges/Position lines are logged.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the levels per side of the books kept.</summary>
    [Range(1, 1_000)]
    public int BookDepth { get; set; } = 10;

    /// <summary>Gets or sets the file every log line goes to while the dashboard has the terminal (appended; named on the dashboard).</summary>
    [Required]
    public string LogPath { get; set; } = "market-maker.log";

    /// <summary>Gets or sets whether the live terminal dashboard replaces the console log when the host runs in a terminal.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>Gets or sets whether live orders are only validated by Kraken (its <c>validate</c> flag), never booked.</summary>
    public bool DryRun { get; set; }

    /// <summary>Gets or sets the sim mode's recordings of the venue quoted (none: the bundled spot BTCUSDT recording; on a perpetual venue, the USD-M BTCUSDT one).</summary>
    public string[] Data { get; set; } = [];

    /// <summary>Gets or sets the sim mode's recordings of the hedge venue (none: the bundled USD-M BTCUSDT recording; on a perpetual venue, the spot BTCUSDT one).</summary>
    public string[] HedgeData { get; set; } = [];

    /// <summary>
    /// Gets or sets the simulated Kraken venue's fee schedule, by name (see <c>FeeSchedules</c>): <c>kraken-spot-0</c>
    /// (a new account: 0.25 % maker, 0.40 % taker) to <c>kraken-spot-10m</c> (the $10M+ 30-day volume tier: 0 % maker,
    /// 0.10 % taker, the default: a desk quoting a few bps wide trades at that volume). Live, Kraken charges the account's own.
    /// </summary>
    public string Fees { get; set; } = "kraken-spot-10m";

    /// <summary>Gets or sets the recordings' format: <c>binance</c>, <c>kraken-v2</c> or <c>kraken-v1</c>.</summary>
    public string Format { get; set; } = "binance";

    /// <summary>Gets or sets the instrument the recordings are served as, BASE/QUOTE.</summary>
    public string Symbol { get; set; } = "BTC/USDT";

    /// <summary>Gets or sets the price decimals of the instrument served by the simulator.</summary>
    [Range(0, 18)]
    public int PricePrecision { get; set; } = 2;

    /// <summary>Gets or sets the quantity decimals of the instrument served by the simulator.</summary>
    [Range(0, 18)]
    public int QuantityPrecision { get; set; } = 8;

    /// <summary>Gets or sets the price decimals of the simulated MEXC venue's instrument (MEXC BTCUSDT: <c>quotePrecision</c> 2).</summary>
    [Range(0, 18)]
    public int HedgePricePrecision { get; set; } = 2;

    /// <summary>Gets or sets the quantity decimals of the simulated MEXC venue's instrument (MEXC BTCUSDT: <c>baseAssetPrecision</c> 8).</summary>
    [Range(0, 18)]
    public int HedgeQuantityPrecision { get; set; } = 8;
}
