using MarketMaker.Kraken.Configuration;
using MarketMaking.Adapters.Kraken;
using MarketMaking.Models;
using MarketMaking.Strategies;
using MarketMaking.Strategies.Configuration;
using MarketMaking.Strategies.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMaker.Kraken.StrategyHosting;

/// <summary>
/// The strategy the host runs, chosen by <c>Host:Strategy</c> (<c>--strategy</c>): <c>market-maker</c> (the default,
/// settings in <c>MarketMaker</c>), <c>avellaneda-stoikov</c> (settings in <c>AvellanedaStoikov</c>), or the name of
/// a public <see cref="IStrategy"/> type in the assembly <c>Host:StrategyAssembly</c> (<c>--strategy-assembly</c>)
/// names (built by <see cref="StrategyArguments"/>, settings in <c>StrategySettings</c>, quoting <c>Host:Symbol</c> on
/// Kraken). Whichever it is, the host runs it with the same risk checks, kill switch, inventory and hedging, dashboard,
/// metrics and summary.
/// </summary>
internal sealed class StrategyChoice
{
    /// <summary>The bundled market maker's name.</summary>
    public const string MarketMaker = "market-maker";

    /// <summary>The bundled Avellaneda-Stoikov strategy's name.</summary>
    public const string AvellanedaStoikov = "avellaneda-stoikov";

    private StrategyChoice(string name, Type? userType)
    {
        Name = name;
        UserType = userType;
    }

    /// <summary>Gets the choice as shown: a bundled strategy's name, or the user's type's full name.</summary>
    public string Name { get; }

    /// <summary>Gets the user's strategy type, or <see langword="null"/> for a bundled one.</summary>
    public Type? UserType { get; }

    /// <summary>Resolves the choice, loading the user's assembly when one is named.</summary>
    /// <param name="options">The host's settings.</param>
    /// <param name="problems">Receives what prevents the choice.</param>
    /// <returns>The choice, or <see langword="null"/> with the problems added.</returns>
    public static StrategyChoice? Resolve(RunOptions options, List<string> problems)
    {
        var name = options.Strategy?.Trim() is { Length: > 0 } given ? given : null;
        if (string.IsNullOrWhiteSpace(options.StrategyAssembly))
        {
            switch (name?.ToLowerInvariant())
            {
                case null or MarketMaker:
                    return new StrategyChoice(MarketMaker, null);
                case AvellanedaStoikov:
                    return new StrategyChoice(AvellanedaStoikov, null);
                default:
                    problems.Add($"Host:Strategy '{name}' is not {MarketMaker} or {AvellanedaStoikov}; a strategy of your own also needs its built assembly: --strategy-assembly PATH.dll");
                    return null;
            }
        }

        if (!UserStrategyType.TryFind(options.StrategyAssembly, name, ("Host:StrategyAssembly", "Host:Strategy"), out var type, out var problem))
        {
            problems.Add(problem);
            return null;
        }

        return new StrategyChoice(type.FullName!, type);
    }

    /// <summary>The instruments the chosen strategy quotes, from its settings, as BASE/QUOTE.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="options">The host's settings.</param>
    /// <returns>The instruments.</returns>
    public IReadOnlyList<string> Symbols(IConfiguration configuration, RunOptions options) => Name switch
    {
        MarketMaker => MarketMakerConfig.FromConfiguration(configuration.GetSection(MarketMakerConfig.SectionName)).Symbols,
        AvellanedaStoikov => [configuration[$"{AvellanedaStoikovConfig.SectionName}:{nameof(AvellanedaStoikovConfig.Symbol)}"] ?? new AvellanedaStoikovConfig().Symbol],
        _ => [options.Symbol],
    };

    /// <summary>The configuration key that sets the instruments quoted, for messages.</summary>
    public string SymbolsKey => Name switch
    {
        MarketMaker => "MarketMaker:Symbols",
        AvellanedaStoikov => "AvellanedaStoikov:Symbol",
        _ => "Host:Symbol",
    };

    /// <summary>The bundled strategy's narrowest spread between its bid and ask, and its key; <see langword="null"/> for a user's strategy.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The setting's key and value in bps.</returns>
    public (string Key, double Bps)? NarrowestSpread(IConfiguration configuration) => Name switch
    {
        MarketMaker => ("MarketMaker:SpreadBps", MarketMakerConfig.FromConfiguration(configuration.GetSection(MarketMakerConfig.SectionName)).SpreadBps),
        AvellanedaStoikov => ("AvellanedaStoikov:MinSpreadBps", (configuration.GetSection(AvellanedaStoikovConfig.SectionName).Get<AvellanedaStoikovConfig>() ?? new AvellanedaStoikovConfig()).MinSpreadBps),
        _ => null,
    };

    /// <summary>Registers the strategy and the host's view of it (<see cref="QuotedStrategy"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration.</param>
    /// <param name="options">The host's settings.</param>
    public void Register(IServiceCollection services, IConfiguration configuration, RunOptions options)
    {
        switch (Name)
        {
            case MarketMaker:
                services.AddMarketMaking(configuration);
                services.AddSingleton(provider =>
                {
                    var strategy = provider.GetRequiredService<MarketMakingStrategy>();

                    // A reload is checked as a start is: a key that names no setting rejects it, instead of being ignored.
                    strategy.Config.Watch(configuration.GetSection(MarketMakerConfig.SectionName), MarketMakerConfig.FromConfiguration, s => ConfigurationCheck.ProblemsIn(s, typeof(MarketMakerConfig)));
                    return new QuotedStrategy(strategy, VenueId.Create(strategy.Config.Current.Venue), [.. strategy.Instruments], strategy.LastGridOf);
                });
                break;
            case AvellanedaStoikov:
                services.AddAvellanedaStoikov(configuration);
                services.AddSingleton(provider =>
                {
                    var strategy = provider.GetRequiredService<AvellanedaStoikovStrategy>();
                    strategy.Config.Watch(configuration.GetSection(AvellanedaStoikovConfig.SectionName), s => s.Get<AvellanedaStoikovConfig>() ?? new AvellanedaStoikovConfig(), s => ConfigurationCheck.ProblemsIn(s, typeof(AvellanedaStoikovConfig)));
                    var config = strategy.Config.Current;
                    return new QuotedStrategy(strategy, VenueId.Create(config.Venue), [InstrumentId.Create(config.Symbol)], _ => strategy.LastGrid);
                });
                break;
            default:
                var instrument = InstrumentId.Create(options.Symbol);
                var arguments = new StrategyArguments(UserType!, configuration, KrakenVenue.Id, instrument);
                services.AddSingleton(arguments);
                services.AddStrategy(arguments.Create);
                services.AddSingleton(provider => new QuotedStrategy(provider.GetServices<IStrategy>().Single(), KrakenVenue.Id, [instrument], _ => null));
                break;
        }
    }

    /// <summary>Finds what would stop the strategy from being built (a user's constructor parameter without a value).</summary>
    /// <param name="services">The built services (nothing started).</param>
    /// <param name="problems">Receives each problem.</param>
    public static void Check(IServiceProvider services, List<string> problems) =>
        services.GetService<StrategyArguments>()?.Check(services, problems);
}
