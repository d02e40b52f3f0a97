namespace EventFramework.Domain.Tests;

public sealed class LogPositionTests
{
    [Fact]
    public void positions_order_by_commit_then_sequence()
    {
        var a = new LogPosition(1, 50);
        var b = new LogPosition(2, 10);
        var c = new LogPosition(2, 11);

        Assert.True(a < b);
        Assert.True(b < c);
        Assert.True(c > a);
        Assert.True(b <= new LogPosition(2, 10));
        Assert.True(b >= new LogPosition(2, 10));
        Assert.False(b < new LogPosition(2, 10));
        Assert.Equal([LogPosition.Start, a, b, c], new[] { c, a, LogPosition.Start, b }.Order());
    }

    [Fact]
    public void a_later_commit_wins_over_a_higher_sequence()
    {
        // On PostgreSQL a transaction that commits later can hold a lower sequence.
        Assert.True(new LogPosition(5, 1_000_000) < new LogPosition(6, 1));
        Assert.True(new LogPosition(0, long.MaxValue) < new LogPosition(1, 0));
    }

    [Fact]
    public void start_precedes_every_position()
    {
        Assert.Equal(new LogPosition(0, 0), LogPosition.Start);
        Assert.True(LogPosition.Start < new LogPosition(0, 1));
    }

    [Theory]
    [InlineData(0UL, 0L, "0/0")]
    [InlineData(0UL, 17L, "0/17")]
    [InlineData(734UL, 9L, "734/9")]
    [InlineData(ulong.MaxValue, long.MaxValue, "18446744073709551615/9223372036854775807")]
    public void to_string_and_parse_round_trip(ulong commit, long sequence, string text)
    {
        var position = new LogPosition(commit, sequence);

        Assert.Equal(text, position.ToString());
        Assert.Equal(position, LogPosition.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("17")]
    [InlineData("a/1")]
    [InlineData("1/b")]
    [InlineData("1/2/3")]
    [InlineData("-1/2")]
    [InlineData("99999999999999999999999/1")]
    public void parse_rejects_what_to_string_never_writes(string text)
    {
        Assert.Throws<FormatException>(() => LogPosition.Parse(text));
    }
}
