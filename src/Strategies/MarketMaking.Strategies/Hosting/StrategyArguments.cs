using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using MarketMaking.Models;
using MarketMaking.Strategies.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMaking.Strategies.Hosting;

/// <summary>
/// Builds a user's strategy from its public constructor (the one with the most parameters). Each parameter gets, in
/// this order: the venue quoted (a <see cref="VenueId"/>), the instrument quoted (an <see cref="InstrumentId"/>), a
/// service the host registers (a logger, the <see cref="TimeProvider"/>, the OMS …), the <c>StrategySettings</c> key of
/// the parameter's name (a number, a text, or a section bound to a settings class), or its default value.
/// </summary>
/// <remarks>Used by the bundled host (<c>--strategy-assembly</c>) and <c>mm backtest</c> alike, and by a host of your own.</remarks>
public sealed class StrategyArguments
{
    /// <summary>The configuration section whose keys are the strategy's constructor parameters.</summary>
    public const string SectionName = "StrategySettings";

    private readonly Type _type;
    private readonly IConfigurationSection _settings;
    private readonly VenueId _venue;
    private readonly InstrumentId _instrument;

    /// <summary>Initializes the arguments of a strategy type.</summary>
    /// <param name="type">The strategy's type (a public class implementing <see cref="IStrategy"/>).</param>
    /// <param name="configuration">The whole configuration; its <see cref="SectionName"/> section holds the settings.</param>
    /// <param name="venue">The venue the strategy quotes.</param>
    /// <param name="instrument">The instrument it quotes.</param>
    public StrategyArguments(Type type, IConfiguration configuration, VenueId venue, InstrumentId instrument)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(configuration);
        _type = type;
        _settings = configuration.GetSection(SectionName);
        _venue = venue;
        _instrument = instrument;
    }

    /// <summary>Finds every parameter without a value and every setting no parameter takes.</summary>
    /// <param name="services">The built services (nothing started).</param>
    /// <param name="problems">Receives each problem.</param>
    public void Check(IServiceProvider services, List<string> problems) => _ = Arguments(services, problems, resolve: false);

    /// <summary>Builds the strategy.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The strategy.</returns>
    /// <exception cref="InvalidOperationException">A parameter has no value (the start's check lists them first).</exception>
    public IStrategy Create(IServiceProvider services)
    {
        var problems = new List<string>();
        var arguments = Arguments(services, problems, resolve: true);
        return problems.Count > 0
            ? throw new InvalidOperationException(string.Join("; ", problems))
            : (IStrategy)Constructor().Invoke(arguments);
    }

    private ConstructorInfo Constructor() =>
        _type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

    /// <summary>The constructor's arguments; a service is only looked up, not built, unless <paramref name="resolve"/> (the start's check builds nothing).</summary>
    private object?[] Arguments(IServiceProvider services, List<string> problems, bool resolve)
    {
        var parameters = Constructor().GetParameters();
        var isService = services.GetService<IServiceProviderIsService>();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var setting = _settings.GetChildren().FirstOrDefault(c => string.Equals(c.Key, parameter.Name, StringComparison.OrdinalIgnoreCase));
            arguments[i] = parameter.ParameterType switch
            {
                var t when t == typeof(VenueId) => _venue,
                var t when t == typeof(InstrumentId) => _instrument,
                var t when setting is null && isService?.IsService(t) == true => resolve ? services.GetRequiredService(t) : null,
                _ when setting is not null => Read(setting, parameter.ParameterType, problems),
                _ when parameter.HasDefaultValue => parameter.DefaultValue,
                _ => Missing(parameter, problems),
            };
        }

        var settable = parameters.Where(p => p.ParameterType != typeof(VenueId) && p.ParameterType != typeof(InstrumentId)).Select(p => p.Name!).ToArray();
        foreach (var unknown in _settings.GetChildren().Where(c => !settable.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"{SettingDescriptions.Unknown(unknown.Path, unknown.Key, settable)} ({_type.FullName} takes {(settable.Length == 0 ? "none" : string.Join(", ", settable))})");
        }

        return arguments;
    }

    private object? Missing(ParameterInfo parameter, List<string> problems)
    {
        problems.Add($"{_type.FullName} needs {SectionName}:{parameter.Name} ({SettingDescriptions.Describe(parameter.ParameterType)})");
        return null;
    }

    private static object? Read(IConfigurationSection setting, Type type, List<string> problems)
    {
        try
        {
            if (setting.Value is null)
            {
                return setting.Get(type);
            }

            var target = Nullable.GetUnderlyingType(type) ?? type;
            return target.IsEnum
                ? Enum.Parse(target, setting.Value, ignoreCase: true)
                : TypeDescriptor.GetConverter(target).ConvertFromString(null, CultureInfo.InvariantCulture, setting.Value);
        }
        catch (Exception exception) when (exception is FormatException or NotSupportedException or ArgumentException or OverflowException or InvalidOperationException
            || exception.InnerException is FormatException or OverflowException)
        {
            problems.Add($"{setting.Path} '{setting.Value}' is not {SettingDescriptions.Describe(Nullable.GetUnderlyingType(type) ?? type)}");
            return null;
        }
    }
}
