using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Maillage.Features.Agenda.Booking;

public static class BookingLimits
{
    /// <summary>Public booking pages and API: form posts per client address and minute (AgendaOptions.PublicPostsPerMinute), reads as other public pages.</summary>
    public const string Policy = "agenda-public";
}

/// <summary>Services and endpoints of the public booking of appointments.</summary>
public static class AgendaBookingSetup
{
    public static IServiceCollection AddAgendaBooking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgendaOptions>().BindConfiguration(AgendaOptions.Section);
        // A real provider without its key would fail at the first SMS, long after the start: refuse to start instead.
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            .Validate(o => !string.Equals(o.Provider, SmsOptions.Brevo, StringComparison.OrdinalIgnoreCase) || !string.IsNullOrWhiteSpace(o.ApiKey),
                "Sms:ApiKey est obligatoire avec Sms:Provider=Brevo.")
            .ValidateOnStart();
        services.TryAddSingleton<ManagementLinks>();
        services.AddScoped<BookingService>();
        services.AddScoped<BookingNotifier>();
        services.AddScoped<BookingReminders>();
        services.AddHostedService<BookingReminderJob>();
        if (string.Equals(configuration[$"{SmsOptions.Section}:Provider"], SmsOptions.Brevo, StringComparison.OrdinalIgnoreCase))
        {
            services.AddHttpClient<ISmsSender, BrevoSmsSender>((sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<SmsOptions>>().Value.TimeoutSeconds));
        }
        else
        {
            services.AddSingleton<ISmsSender, LoggingSmsSender>();
        }

        services.Configure<RateLimiterOptions>(o => o.AddPolicy(BookingLimits.Policy, ctx =>
        {
            var address = ctx.Connection.RemoteIpAddress?.ToString() ?? "local";
            if (HttpMethods.IsPost(ctx.Request.Method))
            {
                var perMinute = ctx.RequestServices.GetRequiredService<IOptions<AgendaOptions>>().Value.PublicPostsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter("agenda-post:" + address,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            }

            return RateLimitPartition.GetFixedWindowLimiter(address,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = configuration.GetValue("RateLimiting:PublicPerMinute", 120), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }));
        return services;
    }

    /// <summary>GET /api/v1/lieux/{id}/creneaux (anonymous) and POST /api/v1/rendez-vous (staff).</summary>
    public static RouteGroupBuilder MapAgendaBookingApi(this RouteGroupBuilder api) => BookingApi.Map(api);
}
