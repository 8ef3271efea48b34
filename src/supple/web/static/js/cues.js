// The player's sound, voice and screen: a tone at each phase, every cue spoken (when the
// person leaves the voice on) and read to screen readers, and the screen kept awake.
const $ = (id) => document.getElementById(id);
let wakeLock = null;
let audio = null;
export function tone() {
  try {
    audio = audio || new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 660;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.25);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.25);
  } catch { /* no audio device: the visual cue is still there */ }
}

export function say(text) {
  $("announcer").textContent = text; // screen readers hear every cue
  if (!$("voice-toggle").checked || !("speechSynthesis" in window)) return;
  speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

export async function keepAwake() {
  try {
    if ("wakeLock" in navigator) wakeLock = await navigator.wakeLock.request("screen");
  } catch { /* refused (battery saver): the session still runs */ }
}


export function letSleep() { wakeLock?.release().catch(() => {}); }
