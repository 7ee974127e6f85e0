using MarketMaking.Models;
using Microsoft.Extensions.Options;

namespace MarketMaking.Strategies;

/// <summary>Says whether an <see cref="AvellanedaStoikovConfig"/> is valid, and whether a running strategy may switch to another one.</summary>
public sealed class AvellanedaStoikovConfigValidator : IValidateOptions<AvellanedaStoikovConfig>
{
    /// <summary>Lists what is wrong with a configuration, each as one readable sentence naming the setting.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The problems; empty when valid.</returns>
    public static IReadOnlyList<string> Validate(AvellanedaStoikovConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var errors = new List<string>();
        ConfigAnnotations.Validate(config, AvellanedaStoikovConfig.SectionName, errors);
        if (!InstrumentId.TryCreate(config.Symbol, out _))
        {
            errors.Add($"{AvellanedaStoikovConfig.SectionName}:Symbol '{config.Symbol}' is not an instrument symbol.");
        }

        if (config.ArrivalWarmUp > config.ArrivalWindow)
        {
            errors.Add($"{AvellanedaStoikovConfig.SectionName}:ArrivalWarmUp ({config.ArrivalWarmUp}) must not exceed ArrivalWindow ({config.ArrivalWindow}).");
        }

        return errors;
    }

    /// <summary>Lists why a running strategy may not switch from one configuration to another: it must be valid, and quote the same venue and symbol.</summary>
    /// <param name="running">The configuration in use.</param>
    /// <param name="candidate">The new configuration.</param>
    /// <returns>The problems; empty when the change may be applied.</returns>
    public static IReadOnlyList<string> ValidateChange(AvellanedaStoikovConfig running, AvellanedaStoikovConfig candidate)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(candidate);
        var errors = Validate(candidate).ToList();
        if (running.Venue != candidate.Venue || running.Symbol != candidate.Symbol)
        {
            errors.Add($"{AvellanedaStoikovConfig.SectionName}:Venue and Symbol cannot change while running; restart to quote another market.");
        }

        return errors;
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AvellanedaStoikovConfig options)
    {
        var errors = Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
