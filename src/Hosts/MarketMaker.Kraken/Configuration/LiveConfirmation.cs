using System.Globalization;
using System.Text;
using MarketMaker.Kraken.StrategyHosting;
using MarketMaking.Adapters.Binance;
using MarketMaking.Strategies.Hosting;
using MarketMaking.Risk;
using MarketMaking.Strategies;
using Microsoft.Extensions.Configuration;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// What a live start shows before anything connects: a banner naming the venue, the account, the symbols, the limits
/// and the kill switch's triggers; and, on a terminal without <c>--yes</c>, a confirmation typed by the operator.
/// </summary>
internal static class LiveConfirmation
{
    /// <summary>The word the operator types to start live trading.</summary>
    public const string Word = "live";

    /// <summary>Writes the banner.</summary>
    /// <param name="configuration">The validated configuration.</param>
    /// <param name="options">The host's settings.</param>
    /// <param name="strategy">The strategy run.</param>
    /// <param name="output">Where it is written.</param>
    public static void WriteBanner(IConfiguration configuration, RunOptions options, StrategyChoice strategy, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        var limits = configuration.GetSection("Risk:Limits").Get<RiskLimits>() ?? new RiskLimits();
        var kill = configuration.GetSection("Risk:KillSwitch").Get<KillSwitchOptions>() ?? new KillSwitchOptions();
        var hedging = HedgingChoice.From(configuration);
        var text = new StringBuilder();
        text.AppendLine("=================== LIVE TRADING ===================");
        if (options.QuotesBybitLinear)
        {
            var key = configuration["BYBIT_API_KEY"] ?? configuration[$"{BybitLinearSettings.SectionName}:ApiKey"] ?? string.Empty;
            var bybit = configuration.GetSection(BybitLinearSettings.SectionName).Get<BybitLinearSettings>() ?? new BybitLinearSettings();
            var bybitOrders = bybit.OrderEntry == OrderEntryTransport.WebSocket
                ? $"orders over the trade stream at {bybit.TradeWebSocketUrl?.ToString() ?? MarketMaking.Adapters.Bybit.BybitVenue.TradeWebSocketUrl.ToString()}"
                : "orders over REST";
            text.AppendLine(c, $"venue      Bybit linear perpetuals at {bybit.RestBaseUrl?.ToString() ?? "https://api.bybit.com/"}; {bybitOrders}");
            text.AppendLine(c, $"account    API key ending {(key.Length >= 4 ? key[^4..] : "????")}; set at start: {bybit.PositionMode} positions, {bybit.MarginMode} margin, leverage {bybit.Leverage}; {DisconnectProtection(bybit.DisconnectCancelWindow, "BybitLinear:DisconnectCancelWindow")}");
            text.AppendLine(c, $"strategy   {strategy.Name} on {string.Join(", ", strategy.Symbols(configuration, options))}{StrategyDetails(configuration, strategy)}");
            text.AppendLine(c, $"fees       as charged by Bybit at the account's VIP level ({MarketMaking.Simulation.Accounts.FeeSchedules.Named("bybit-linear-0")} for a non-VIP account)");
        }
        else if (options.QuotesBinanceUsdm)
        {
            var key = configuration["BINANCE_API_KEY"] ?? configuration[$"{BinanceUsdmSettings.SectionName}:ApiKey"] ?? string.Empty;
            var binance = configuration.GetSection(BinanceUsdmSettings.SectionName).Get<BinanceUsdmSettings>() ?? new BinanceUsdmSettings();
            var orders = binance.OrderEntry == OrderEntryTransport.WebSocket
                ? $"orders over the WebSocket API at {binance.WebSocketApiUrl?.ToString() ?? BinanceVenue.WebSocketApiUrlOf(BinanceMarket.UsdM).ToString()}"
                : "orders over REST";
            text.AppendLine(c, $"venue      Binance USD-M futures at {binance.RestBaseUrl?.ToString() ?? "https://fapi.binance.com/"}; {orders}");
            var ed25519 = !string.IsNullOrWhiteSpace(configuration["BINANCE_PRIVATE_KEY"] ?? binance.PrivateKey) ? " (Ed25519)" : string.Empty;
            text.AppendLine(c, $"account    API key ending {(key.Length >= 4 ? key[^4..] : "????")}{ed25519}; set at start: {binance.PositionMode} positions, {binance.MarginMode} margin, leverage {binance.Leverage}");
            text.AppendLine(c, $"strategy   {strategy.Name} on {string.Join(", ", strategy.Symbols(configuration, options))}{StrategyDetails(configuration, strategy)}");
            text.AppendLine(c, $"fees       as charged by Binance at the account's VIP level ({MarketMaking.Simulation.Accounts.FeeSchedules.Named("binance-usdm-0")} at VIP 0)");
        }
        else if (options.QuotesBybitSpot)
        {
            var key = configuration["BYBIT_API_KEY"] ?? configuration[$"{BybitSpotSettings.SectionName}:ApiKey"] ?? string.Empty;
            var bybit = configuration.GetSection(BybitSpotSettings.SectionName).Get<BybitSpotSettings>() ?? new BybitSpotSettings();
            var bybitOrders = bybit.OrderEntry == OrderEntryTransport.WebSocket
                ? $"orders over the trade stream at {bybit.TradeWebSocketUrl?.ToString() ?? MarketMaking.Adapters.Bybit.BybitVenue.TradeWebSocketUrl.ToString()}"
                : "orders over REST";
            text.AppendLine(c, $"venue      Bybit Spot at {bybit.RestBaseUrl?.ToString() ?? "https://api.bybit.com/"}; {bybitOrders}");
            text.AppendLine(c, $"account    API key ending {(key.Length >= 4 ? key[^4..] : "????")}; {DisconnectProtection(bybit.DisconnectCancelWindow, "BybitSpot:DisconnectCancelWindow")}");
            text.AppendLine(c, $"strategy   {strategy.Name} on {string.Join(", ", strategy.Symbols(configuration, options))}{StrategyDetails(configuration, strategy)}");
            text.AppendLine(c, $"fees       as charged by Bybit at the account's VIP level ({MarketMaking.Simulation.Accounts.FeeSchedules.Named("bybit-spot-0")} for a non-VIP account)");
        }
        else if (options.QuotesBinanceSpot)
        {
            var key = configuration["BINANCE_API_KEY"] ?? configuration[$"{BinanceSpotSettings.SectionName}:ApiKey"] ?? string.Empty;
            var binance = configuration.GetSection(BinanceSpotSettings.SectionName).Get<BinanceSpotSettings>() ?? new BinanceSpotSettings();
            var orders = binance.OrderEntry == OrderEntryTransport.WebSocket
                ? $"orders over the WebSocket API at {binance.WebSocketApiUrl?.ToString() ?? BinanceVenue.WebSocketApiUrlOf(BinanceMarket.Spot).ToString()}"
                : "orders over REST";
            text.AppendLine(c, $"venue      Binance Spot at {binance.RestBaseUrl?.ToString() ?? "https://api.binance.com/"}; {orders}");
            var ed25519 = !string.IsNullOrWhiteSpace(configuration["BINANCE_PRIVATE_KEY"] ?? binance.PrivateKey) ? " (Ed25519)" : string.Empty;
            text.AppendLine(c, $"account    API key ending {(key.Length >= 4 ? key[^4..] : "????")}{ed25519}");
            text.AppendLine(c, $"strategy   {strategy.Name} on {string.Join(", ", strategy.Symbols(configuration, options))}{StrategyDetails(configuration, strategy)}");
            text.AppendLine(c, $"fees       as charged by Binance at the account's VIP level ({MarketMaking.Simulation.Accounts.FeeSchedules.Named("binance-spot-0")} at VIP 0, without the BNB discount)");
        }
        else if (options.QuotesMexcSpot)
        {
            var key = configuration["MEXC_API_KEY"] ?? configuration["MexcSpot:ApiKey"] ?? string.Empty;
            text.AppendLine(c, $"venue      MEXC Spot at {configuration["MexcSpot:RestBaseUrl"] ?? "https://api.mexc.com/"}{(options.DryRun ? " (dry run: orders validated, never booked)" : string.Empty)}");
            text.AppendLine(c, $"account    API key ending {(key.Length >= 4 ? key[^4..] : "????")}");
            text.AppendLine(c, $"strategy   {strategy.Name} on {string.Join(", ", strategy.Symbols(configuration, options))}{StrategyDetails(configuration, strategy)}");
            text.AppendLine(c, $"fees       as charged by MEXC ({MarketMaking.Simulation.Accounts.FeeSchedules.Named("mexc-spot")})");
        }
        else
        {
            var key = configuration["KRAKEN_API_KEY"] ?? configuration["Kraken:ApiKey"] ?? string.Empty;
            text.AppendLine(c, $"venue      Kraken Spot at {configuration["Kraken:RestBaseUrl"] ?? "https://api.kraken.com/"}{(options.DryRun ? " (dry run: orders validated, never booked)" : string.Empty)}");
            text.AppendLine(c, $"account    API key ending {(key.Length >= 4 ? key[^4..] : "????")}, tier {configuration["Kraken:Tier"] ?? "Starter"}");
            text.AppendLine(c, $"strategy   {strategy.Name} on {string.Join(", ", strategy.Symbols(configuration, options))}{StrategyDetails(configuration, strategy)}");
            text.AppendLine(c, $"fees       as charged by Kraken at the account's 30-day volume tier ({MarketMaking.Simulation.Accounts.FeeSchedules.Named("kraken-spot-0")} for a new account, down to kraken-spot-10m)");
        }

        text.AppendLine(c, $"hedging    {(hedging.IsOn ? $"{hedging.Policy} on {hedging.Venue} ({hedging.Symbol})" : "off")}");
        text.AppendLine(c, $"limits     max position {limits.MaxPosition}, max order notional {limits.MaxOrderNotional}, {limits.MaxOpenOrders} open orders, {limits.MaxOrdersPerSecond} orders/s, price band {limits.MaxPriceDeviationBps} bps");
        text.AppendLine(c, $"kill switch drawdown {Show(kill.MaxDrawdown)} → {kill.DrawdownAction}, realized loss {Show(kill.MaxRealizedLoss)} → {kill.RealizedLossAction}, stale data {Show(kill.MaxMarketDataAge)} → {kill.StaleMarketDataAction}, disconnected {Show(kill.MaxDisconnected)} → {kill.DisconnectedAction}, {Show(kill.MaxErrorsPerMinute)} venue errors/min → {kill.ErrorRateAction}");
        text.AppendLine("====================================================");
        output.Write(text.ToString());
        output.Flush();
    }

    /// <summary>Asks the operator to type <see cref="Word"/>.</summary>
    /// <param name="input">The terminal's input.</param>
    /// <param name="output">The terminal's output.</param>
    /// <returns>Whether the operator confirmed.</returns>
    public static bool Ask(TextReader input, TextWriter output)
    {
        output.Write($"Type '{Word}' to start trading with real orders (anything else stops): ");
        output.Flush();
        return string.Equals(input.ReadLine()?.Trim(), Word, StringComparison.Ordinal);
    }

    /// <summary>Bybit's disconnection protection as the banner states it: the window set at start, or that there is none.</summary>
    private static string DisconnectProtection(TimeSpan window, string setting) =>
        window > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"disconnection protection: open orders canceled {window.TotalSeconds} s after the private stream is lost")
            : $"no disconnection protection ({setting} 0): a killed host leaves its orders resting";

    private static string StrategyDetails(IConfiguration configuration, StrategyChoice strategy)
    {
        var c = CultureInfo.InvariantCulture;
        switch (strategy.Name)
        {
            case StrategyChoice.MarketMaker:
                var mm = MarketMakerConfig.FromConfiguration(configuration.GetSection(MarketMakerConfig.SectionName));
                return string.Create(c, $": {mm.OrdersPerSide} orders a side, {mm.SpreadBps} bps spread, sizes {mm.MinOrderSize}–{mm.MaxOrderSize}, strategy max position {mm.MaxPosition}");
            case StrategyChoice.AvellanedaStoikov:
                var a = configuration.GetSection(AvellanedaStoikovConfig.SectionName).Get<AvellanedaStoikovConfig>() ?? new AvellanedaStoikovConfig();
                return string.Create(c, $": risk aversion {a.RiskAversion}, order size {a.OrderSize}, max inventory {a.MaxInventory} orders, min spread {a.MinSpreadBps} bps");
            default:
                var settings = configuration.GetSection(StrategyArguments.SectionName).GetChildren().Select(s => $"{s.Key} {s.Value}");
                return $" (from {Path.GetFileName(strategy.UserType!.Assembly.Location)}): {string.Join(", ", settings)}";
        }
    }

    private static string Show<T>(T? value)
        where T : struct => value is { } set ? Convert.ToString(set, CultureInfo.InvariantCulture)! : "off";
}
