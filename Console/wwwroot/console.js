// Pages that mark their main content with data-refresh="seconds" update in place while open: the page is fetched
// again and its content swapped, so nothing else (scroll position, open forms) is disturbed.
(() => {
    const region = document.querySelector("[data-refresh]");
    if (!region) {
        return;
    }

    const seconds = Math.max(2, Number(region.dataset.refresh) || 10);
    const refresh = async () => {
        if (document.hidden || region.querySelector("details[open], input:focus, select:focus")) {
            return;
        }

        try {
            const response = await fetch(location.href, { credentials: "same-origin", headers: { "X-Console-Refresh": "1" } });
            if (!response.ok || response.redirected) {
                return;
            }

            const page = new DOMParser().parseFromString(await response.text(), "text/html");
            // A region with an id may stop refreshing (a job that ended): its last state is shown, then the timer stops.
            const fresh = page.querySelector("[data-refresh]") ?? (region.id ? page.getElementById(region.id) : null);
            if (fresh) {
                region.innerHTML = fresh.innerHTML;
                region.dataset.refreshedAt = new Date().toISOString();
                if (!fresh.hasAttribute("data-refresh")) {
                    clearInterval(timer);
                }
            }
        } catch {
            // The next tick tries again.
        }
    };

    const timer = setInterval(refresh, seconds * 1000);
})();
