namespace EventFramework.Benchmarks.Harness;

/// <summary>Progress lines go to stderr so stdout holds only the tables and the JSON line.</summary>
internal static class Progress
{
    public static void Line(string text) => Console.Error.WriteLine(text);
}
