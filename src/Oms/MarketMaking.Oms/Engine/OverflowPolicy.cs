namespace MarketMaking.Oms;

/// <summary>What a subscriber's bounded queue does when the subscriber falls behind. Values are pinned.</summary>
public enum OverflowPolicy
{
    /// <summary>Not set.</summary>
    Unspecified = 0,

    /// <summary>Drop the oldest queued event to make room (metrics, dashboards: the latest state matters).</summary>
    DropOldest = 1,

    /// <summary>Drop the new event (keep what is queued).</summary>
    DropNewest = 2,

    /// <summary>Stop delivering to the subscriber and mark it failed (for a consumer that must see every event or none).</summary>
    Detach = 3,
}
