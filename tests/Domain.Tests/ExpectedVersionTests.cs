namespace EventFramework.Domain.Tests;

public sealed class ExpectedVersionTests
{
    // Value: -2 Any, -1 NoStream, -4 StreamExists, n ≥ 0 Exactly(n). Actual version -1 means no stream.
    [Theory]
    [InlineData(-2, -1, true)]
    [InlineData(-2, 0, true)]
    [InlineData(-2, 9, true)]
    [InlineData(-1, -1, true)]
    [InlineData(-1, 0, false)]
    [InlineData(-1, 5, false)]
    [InlineData(-4, -1, false)]
    [InlineData(-4, 0, true)]
    [InlineData(-4, 7, true)]
    [InlineData(0, -1, false)]
    [InlineData(0, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(3, 2, false)]
    [InlineData(3, 3, true)]
    [InlineData(3, 4, false)]
    public void is_satisfied_by_follows_the_table(long expected, long actual, bool satisfied)
    {
        Assert.Equal(satisfied, ExpectedVersion.FromValue(expected).IsSatisfiedBy(actual));
    }

    [Fact]
    public void from_value_reads_back_every_marker_and_version()
    {
        foreach (var v in new[] { ExpectedVersion.Any, ExpectedVersion.NoStream, ExpectedVersion.StreamExists, ExpectedVersion.Exactly(0), ExpectedVersion.Exactly(41) })
            Assert.Equal(v, ExpectedVersion.FromValue(v.Value));
    }

    [Fact]
    public void the_markers_are_distinct_and_not_versions()
    {
        long[] values = [ExpectedVersion.Any.Value, ExpectedVersion.NoStream.Value, ExpectedVersion.StreamExists.Value];

        Assert.Equal(3, values.Distinct().Count());
        Assert.All(values, v => Assert.True(v < 0));
        Assert.Equal(ExpectedVersion.NoStream, ExpectedVersion.FromValue(-1));
    }

    [Theory]
    [InlineData(-3)]
    [InlineData(-5)]
    [InlineData(long.MinValue)]
    public void from_value_rejects_unknown_negative_values(long value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.FromValue(value));
    }

    [Fact]
    public void exactly_rejects_a_negative_version()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exactly(-1));
    }

    [Fact]
    public void to_string_names_markers_and_prints_versions()
    {
        Assert.Equal(["Any", "NoStream", "StreamExists", "12"],
            new[] { ExpectedVersion.Any, ExpectedVersion.NoStream, ExpectedVersion.StreamExists, ExpectedVersion.Exactly(12) }.Select(v => v.ToString()));
    }
}
