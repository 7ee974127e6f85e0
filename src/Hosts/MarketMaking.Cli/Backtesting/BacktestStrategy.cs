using System.Diagnostics.CodeAnalysis;
using MarketMaking.Models;
using MarketMaking.Strategies;
using MarketMaking.Strategies.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMaking.Cli.Backtesting;

/// <summary>
/// The strategy a backtest runs and what it quotes: a bundled one by name (<c>market-maker</c>, <c>avellaneda-stoikov</c>)
/// or a user's <see cref="IStrategy"/> from a built assembly, built as the host builds it (<see cref="StrategyArguments"/>:
/// settings in <c>StrategySettings</c>, quoting <c>Host:Symbol</c> on kraken), so one settings file serves both.
/// </summary>
/// <param name="Venue">The venue quoted.</param>
/// <param name="Symbol">The instrument quoted, as BASE/QUOTE.</param>
/// <param name="Register">Registers the strategy with the kernel's services.</param>
internal sealed record BacktestStrategy(string? Venue, string? Symbol, Action<IServiceCollection, IConfiguration> Register)
{
    private const string MarketMaker = "market-maker";
    private const string AvellanedaStoikov = "avellaneda-stoikov";

    /// <summary>Resolves <c>--strategy</c> and <c>--strategy-assembly</c>.</summary>
    /// <param name="name">The strategy's name, or <see langword="null"/> (the market maker, or the assembly's only strategy).</param>
    /// <param name="assembly">The user's built assembly, or <see langword="null"/>.</param>
    /// <param name="configuration">The run's settings.</param>
    /// <param name="strategy">The strategy.</param>
    /// <param name="problem">Why there is none, in one line.</param>
    /// <returns>Whether it was resolved.</returns>
    public static bool TryResolve(string? name, string? assembly, IConfiguration configuration, [NotNullWhen(true)] out BacktestStrategy? strategy, [NotNullWhen(false)] out string? problem)
    {
        (strategy, problem) = (null, null);
        if (assembly is not null)
        {
            if (!UserStrategyType.TryFind(assembly, name, ("--strategy-assembly", "--strategy"), out var type, out problem))
            {
                return false;
            }

            var (venue, symbol) = ("kraken", configuration["Host:Symbol"] ?? "BTC/USDT");
            strategy = new BacktestStrategy(venue, symbol, (services, settings) =>
            {
                var arguments = new StrategyArguments(type, settings, VenueId.Create(venue), InstrumentId.Create(symbol));
                services.AddStrategy(provider =>
                {
                    // Built when the kernel is: what the constructor lacks is the user's one message, not a stack trace.
                    var problems = new List<string>();
                    arguments.Check(provider, problems);
                    return problems.Count > 0 ? throw new StrategySettingsException(string.Join("; ", problems)) : arguments.Create(provider);
                });
            });
            return true;
        }

        switch (name ?? MarketMaker)
        {
            case MarketMaker:
                strategy = new BacktestStrategy(
                    configuration["MarketMaker:Venue"],
                    configuration.GetSection("MarketMaker:Symbols").Get<string[]>()?.FirstOrDefault() ?? configuration["MarketMaker:Symbol"],
                    (services, settings) => services.AddMarketMaking(settings));
                return true;
            case AvellanedaStoikov:
                strategy = new BacktestStrategy(
                    configuration["AvellanedaStoikov:Venue"] ?? "kraken",
                    configuration["AvellanedaStoikov:Symbol"] ?? "BTC/USDT",
                    (services, settings) => services.AddAvellanedaStoikov(settings));
                return true;
            default:
                problem = $"--strategy {name}: expected {MarketMaker} or {AvellanedaStoikov}; a strategy of your own also needs its built assembly: --strategy-assembly PATH.dll";
                return false;
        }
    }
}
