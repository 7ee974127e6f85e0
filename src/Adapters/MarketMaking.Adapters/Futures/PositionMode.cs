namespace MarketMaking.Adapters;

/// <summary>How a futures account holds positions in one instrument.</summary>
public enum PositionMode
{
    /// <summary>One net position per instrument (the platform's inventory assumes it).</summary>
    OneWay = 0,

    /// <summary>A long and a short position per instrument, side by side.</summary>
    Hedge = 1,
}
