using System.Net;
using System.Text.Json;

namespace Maillage.Tests.Infrastructure;

/// <summary>Checks that an API answer is an RFC 9457 ProblemDetails with the expected status, and returns its JSON.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        return json;
    }

    /// <summary>The messages of one field of a ValidationProblem; keys are the JSON (camelCase) field names.</summary>
    public static IReadOnlyList<string?> FieldErrors(JsonElement problem, string field)
    {
        var errors = problem.GetProperty("errors").EnumerateObject().Where(p => p.Name == field).ToList();
        Assert.True(errors.Count == 1, $"errors.{field} expected in {problem}");
        return errors[0].Value.EnumerateArray().Select(m => m.GetString()).ToList();
    }

    /// <summary>The title, checked to be one of the application's French titles (not a framework's English reason phrase).</summary>
    public static string FrenchTitle(JsonElement problem)
    {
        var title = problem.GetProperty("title").GetString()!;
        Assert.DoesNotContain(title, new[] { "Unauthorized", "Forbidden", "Not Found", "Bad Request", "Conflict", "Too Many Requests", "Payload Too Large", "One or more validation errors occurred." });
        return title;
    }
}
