namespace EventFramework.Domain.Tests;

public sealed class StreamNameTests
{
    [Theory]
    [InlineData("Account-42")]
    [InlineData("a")]
    [InlineData("Order-1 with spaces inside")]
    [InlineData("Zahlung-ü-東京-🎉")]
    [InlineData("Account-$42")]
    public void a_valid_name_is_kept_as_given(string value)
    {
        var name = new StreamName(value);

        Assert.Equal(value, name.Value);
        Assert.Equal(value, name.ToString());
        Assert.Null(StreamName.Check(value));
    }

    [Fact]
    public void a_name_of_the_maximum_length_is_valid_and_one_longer_is_not()
    {
        Assert.Equal(StreamName.MaxLength, new StreamName(new string('a', StreamName.MaxLength)).Value.Length);
        Assert.Throws<InvalidStreamNameException>(() => new StreamName(new string('a', StreamName.MaxLength + 1)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("$all", "reserved")]
    [InlineData(" Account-1", "whitespace")]
    [InlineData("Account-1 ", "whitespace")]
    [InlineData("\u00A0Account-1", "whitespace")]
    [InlineData("Account\u0000-1", "control")]
    [InlineData("Account-\u007F1", "control")]
    [InlineData("Account-\r\n1", "control")]
    public void an_invalid_name_fails_with_the_name_and_the_rule_it_broke(string value, string reasonWord)
    {
        var error = Assert.Throws<InvalidStreamNameException>(() => new StreamName(value));

        Assert.Equal(value, error.Name);
        Assert.Contains(reasonWord, error.Reason, StringComparison.Ordinal);
        Assert.Equal(error.Reason, StreamName.Check(value));
    }

    [Fact]
    public void null_is_not_a_name()
    {
        Assert.Throws<InvalidStreamNameException>(() => new StreamName(null!));
        Assert.NotNull(StreamName.Check(null));
    }

    [Fact]
    public void a_default_name_has_no_value()
    {
        Assert.Throws<InvalidOperationException>(() => default(StreamName).Value);
        Assert.Equal("", default(StreamName).ToString());
    }

    [Fact]
    public void for_a_category_builds_category_dash_id()
    {
        var name = StreamName.For<StreamNameTests>("42");

        Assert.Equal("StreamNameTests-42", name.Value);
        Assert.Equal("StreamNameTests", name.Category);
    }

    [Theory]
    [InlineData("Account-42-7", "Account")]
    [InlineData("Account", "Account")]
    [InlineData("-42", "-42")]
    public void the_category_is_the_part_before_the_first_dash(string value, string category)
    {
        Assert.Equal(category, new StreamName(value).Category);
    }

    [Fact]
    public void names_compare_by_value_and_convert_to_string()
    {
        Assert.Equal(new StreamName("Account-1"), new StreamName("Account-1"));
        Assert.NotEqual(new StreamName("Account-1"), new StreamName("account-1"));
        string text = new StreamName("Account-1");
        Assert.Equal("Account-1", text);
    }
}
