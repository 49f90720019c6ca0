using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Maillage.Tests.Infrastructure;

/// <summary>Submits server-rendered forms as a browser would: every field of the form (antiforgery token included), with some values replaced.</summary>
public static class Forms
{
    public static async Task<IHtmlDocument> GetDocumentAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}.");
        }

        return await new HtmlParser().ParseDocumentAsync(html);
    }

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>Loads <paramref name="pageUrl"/>, fills its form (the first one, or the one matching <paramref name="formSelector"/>) and posts it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string pageUrl, IReadOnlyDictionary<string, string> values, string formSelector = "form[method=post]")
    {
        var document = await GetDocumentAsync(client, pageUrl);
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form matching {formSelector} on {pageUrl}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !values.ContainsKey(input.Name):
                    if (input.Type is "checkbox" or "radio" ? input.IsChecked : input.Type is not ("submit" or "button" or "image"))
                    {
                        fields.Add(new(input.Name, input.Value));
                    }

                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !values.ContainsKey(select.Name):
                    fields.Add(new(select.Name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !values.ContainsKey(area.Name):
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }

        fields.AddRange(values);
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action;
        return await client.PostAsync(target, new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in through the /connexion form (fields Input.Email and Input.Password). The client must keep cookies.</summary>
    public static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        SubmitAsync(client, "/connexion", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
}
