// Reads a QR code from the camera: the browser's BarcodeDetector where there is one, else jsQR
// (served by the portal, loaded only when needed).
const INTERVAL_MS = 200;

function loadScript(url) {
  return new Promise((resolve, reject) => {
    if (window.jsQR) return resolve();
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

async function detector(video, jsqrUrl) {
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (formats.includes("qr_code")) {
      const native = new window.BarcodeDetector({ formats: ["qr_code"] });
      return async () => (await native.detect(video))[0]?.rawValue;
    }
  }
  await loadScript(jsqrUrl);
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async () => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    if (!canvas.width) return undefined;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return window.jsQR(image.data, image.width, image.height)?.data;
  };
}

export async function scanQr(video, jsqrUrl) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: "environment" },
  });
  video.srcObject = stream;
  video.hidden = false;
  try {
    await video.play();
    const detect = await detector(video, jsqrUrl);
    for (;;) {
      const found = await detect().catch(() => undefined);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  } finally {
    stream.getTracks().forEach((track) => track.stop());
    video.hidden = true;
  }
}
