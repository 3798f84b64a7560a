/* The seal verifier offline: the page, its modules and the key set are cached at install.
   The page and the keys: network first (fresh when online), the cache when offline.
   Static files: cache first (their names change with their content). Anything else, such as
   the status lookup, is left to the network: an old answer about revocation would mislead. */
const CONFIG = {{ config|safe }};
const CACHE = "seal-" + CONFIG.version;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(CONFIG.precache)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("seal-") && name !== CACHE)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === CONFIG.page && request.mode === "navigate") {
    event.respondWith(networkFirst(request, CONFIG.page));
  } else if (url.pathname === CONFIG.keys) {
    event.respondWith(networkFirst(request, CONFIG.keys));
  } else if (CONFIG.precache.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});
