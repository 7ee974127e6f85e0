using System.ComponentModel.DataAnnotations;

namespace MarketMaking.Simulation.Accounts;

/// <summary>Maker and taker fee rates of a simulated venue, charged in the quote currency on each fill's notional.</summary>
/// <remarks>The defaults are Kraken Spot's entry tier (0.25 % maker, 0.40 % taker; <see href="https://www.kraken.com/features/fee-schedule"/>).</remarks>
public sealed class FeeSchedule
{
    /// <summary>Gets or sets the schedule's name, shown with the fees it charged (see <see cref="FeeSchedules"/>).</summary>
    public string Name { get; set; } = "kraken-spot-0";

    /// <summary>Gets or sets the rate charged when our resting order is filled, as a fraction of notional (0.0025 = 25 bps); negative for a rebate.</summary>
    [Range(-0.01, 0.1)]
    public decimal MakerRate { get; set; } = 0.0025m;

    /// <summary>Gets or sets the rate charged when our order takes liquidity, as a fraction of notional.</summary>
    [Range(0.0, 0.1)]
    public decimal TakerRate { get; set; } = 0.0040m;

    /// <summary>Returns the fee of a fill.</summary>
    /// <param name="notional">Price × quantity, in the quote currency.</param>
    /// <param name="isMaker">Whether our order was resting.</param>
    /// <returns>The fee in the quote currency.</returns>
    public decimal FeeOf(decimal notional, bool isMaker) => notional * (isMaker ? MakerRate : TakerRate);

    /// <summary>Returns the name and the rates, such as <c>kraken-spot-0 (maker 0.25 %, taker 0.40 %)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Name} (maker {MakerRate * 100:0.00##} %, taker {TakerRate * 100:0.00##} %)");
}
