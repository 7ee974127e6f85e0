using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace MarketMaker.Kraken.Configuration;

/// <summary>
/// Validates a Bybit disconnection protection window: zero (unset) or 3 s to 5 min, as
/// <c>POST /v5/order/disconnected-cancel-all</c> takes it, so that a window Bybit would refuse stops the start as a bad
/// setting (exit 2) before anything connects.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class BybitDisconnectWindowAttribute : ValidationAttribute
{
    private static readonly TimeSpan s_least = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_most = TimeSpan.FromMinutes(5);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not TimeSpan window || window == TimeSpan.Zero || (window >= s_least && window <= s_most))
        {
            return ValidationResult.Success;
        }

        return new ValidationResult(
            string.Create(CultureInfo.InvariantCulture, $"{validationContext.DisplayName} is 0 (unset) or 3 s to 5 min, Bybit's window, not {window:c}"),
            [validationContext.MemberName ?? validationContext.DisplayName]);
    }
}
