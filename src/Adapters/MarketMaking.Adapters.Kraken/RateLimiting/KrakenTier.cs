namespace MarketMaking.Adapters.Kraken;

/// <summary>Kraken's account verification tiers, which set the rate limits. Values are pinned.</summary>
public enum KrakenTier
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Starter: REST counter 15 decaying 0.33/s; trading counter 60 decaying 1/s; 60 open orders per pair.</summary>
    Starter = 1,

    /// <summary>Intermediate: REST counter 20 decaying 0.5/s; trading counter 125 decaying 2.34/s; 80 open orders per pair.</summary>
    Intermediate = 2,

    /// <summary>Pro: REST counter 20 decaying 1/s; trading counter 180 decaying 3.75/s; 225 open orders per pair.</summary>
    Pro = 3,
}
