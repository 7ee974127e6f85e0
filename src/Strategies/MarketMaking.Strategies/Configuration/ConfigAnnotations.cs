using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Strategies;

/// <summary>Runs a settings object's data-annotation attributes and words each failure with its section and key.</summary>
internal static class ConfigAnnotations
{
    /// <summary>Adds one sentence per failing attribute, such as <c>MarketMaker:SpreadBps: The field SpreadBps must be between 0.1 and 10000.</c></summary>
    /// <param name="instance">The settings.</param>
    /// <param name="section">Their configuration section.</param>
    /// <param name="errors">Receives the failures.</param>
    public static void Validate(object instance, string section, List<string> errors)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            errors.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
