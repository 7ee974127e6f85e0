namespace MarketMaking.Strategies;

/// <summary>The sum of the last <c>n</c> values, in a ring buffer allocated once.</summary>
internal sealed class RollingSum
{
    private readonly double[] _values;
    private int _next;
    private int _count;

    public RollingSum(int window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        _values = new double[window];
    }

    public double Value { get; private set; }

    public int Count => _count;

    public void Add(double value)
    {
        if (_count == _values.Length)
        {
            Value -= _values[_next];
        }
        else
        {
            _count++;
        }

        _values[_next] = value;
        Value += value;
        _next = (_next + 1) % _values.Length;
    }
}
