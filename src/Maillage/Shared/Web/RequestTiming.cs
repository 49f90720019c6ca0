using System.Diagnostics;

namespace Maillage.Shared.Web;

/// <summary>One structured log line per request: method, route pattern (never the query string, which may hold tokens), status, duration.</summary>
public static partial class RequestTiming
{
    public static IApplicationBuilder UseRequestTiming(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next();
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var endpoint = context.GetEndpoint() as RouteEndpoint;
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Maillage.Requests");
            Log(logger, context.Request.Method, endpoint?.RoutePattern.RawText ?? context.Request.Path.Value ?? "", context.Response.StatusCode, elapsed);
        }
    });

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Route} → {StatusCode} en {ElapsedMs:0.0} ms")]
    private static partial void Log(ILogger logger, string method, string route, int statusCode, double elapsedMs);
}
