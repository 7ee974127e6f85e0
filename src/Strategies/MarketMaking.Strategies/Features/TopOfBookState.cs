namespace MarketMaking.Strategies;

/// <summary>The touch as the features remember it between updates.</summary>
internal readonly record struct TopOfBookState(double BidPrice, double BidQuantity, double AskPrice, double AskQuantity)
{
    public bool IsSet => BidPrice > 0 && AskPrice > 0;
}
