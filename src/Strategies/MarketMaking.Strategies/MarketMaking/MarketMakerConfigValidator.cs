using MarketMaking.Models;
using Microsoft.Extensions.Options;

namespace MarketMaking.Strategies;

/// <summary>
/// Says whether a <see cref="MarketMakerConfig"/> is valid, and whether a running strategy may switch to another one:
/// each attribute's range, the weights, and the rules between settings.
/// </summary>
public sealed class MarketMakerConfigValidator : IValidateOptions<MarketMakerConfig>
{
    /// <summary>Lists what is wrong with a configuration, each as one readable sentence naming the setting.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The problems; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(MarketMakerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        ConfigAnnotations.Validate(config, MarketMakerConfig.SectionName, errors);
        if (config.SignalWeights is { } weights)
        {
            ConfigAnnotations.Validate(weights, $"{MarketMakerConfig.SectionName}:SignalWeights", errors);
        }

        if (config.MinOrderSize > config.MaxOrderSize)
        {
            errors.Add($"MarketMaker:MinOrderSize ({config.MinOrderSize}) must not exceed MaxOrderSize ({config.MaxOrderSize}).");
        }

        if (config.FinalOrderDistanceBps < config.SpreadBps / 2)
        {
            errors.Add($"MarketMaker:FinalOrderDistanceBps ({config.FinalOrderDistanceBps}) must be at least half of SpreadBps ({config.SpreadBps}): the farthest order cannot be nearer than the nearest.");
        }

        if (config.MinOrderSize + config.SizeOffset <= 0)
        {
            errors.Add($"MarketMaker:MinOrderSize plus SizeOffset ({config.MinOrderSize + config.SizeOffset}) must be positive.");
        }

        foreach (var depth in config.ImbalanceDepths ?? [])
        {
            if (depth < 1)
            {
                errors.Add($"MarketMaker:ImbalanceDepths holds {depth}; each depth must be at least 1.");
            }
        }

        foreach (var symbol in config.Symbols ?? [])
        {
            if (!InstrumentId.TryCreate(symbol, out _))
            {
                errors.Add($"MarketMaker:Symbols holds '{symbol}', which is not an instrument symbol.");
            }
        }

        if (config.Symbols is { } symbols && symbols.Distinct(StringComparer.Ordinal).Count() != symbols.Length)
        {
            errors.Add("MarketMaker:Symbols lists a symbol twice.");
        }

        if (config.ReferenceVenue is { } reference && string.Equals(reference, config.Venue, StringComparison.Ordinal))
        {
            errors.Add("MarketMaker:ReferenceVenue must be another venue than Venue.");
        }

        return errors;
    }

    /// <summary>Lists why a running strategy may not switch from one configuration to another: it must be valid, and quote the same venue and symbols.</summary>
    /// <param name="running">The configuration in use.</param>
    /// <param name="candidate">The new configuration.</param>
    /// <returns>The problems; empty when the change may be applied.</returns>
    public static IReadOnlyList<string> ValidateChange(MarketMakerConfig running, MarketMakerConfig candidate)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(candidate);
        var errors = Validate(candidate).ToList();
        if (!string.Equals(running.Venue, candidate.Venue, StringComparison.Ordinal))
        {
            errors.Add($"MarketMaker:Venue cannot change while running ({running.Venue} → {candidate.Venue}); restart to quote another venue.");
        }

        if (!(running.Symbols ?? []).SequenceEqual(candidate.Symbols ?? [], StringComparer.Ordinal))
        {
            errors.Add("MarketMaker:Symbols cannot change while running; restart to quote other instruments.");
        }

        if (!string.Equals(running.ReferenceVenue, candidate.ReferenceVenue, StringComparison.Ordinal))
        {
            errors.Add("MarketMaker:ReferenceVenue cannot change while running.");
        }

        return errors;
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, MarketMakerConfig options)
    {
        var errors = Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
