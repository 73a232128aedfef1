import { heronWebhooks } from "@heron-webhooks/express";
import { PATH, SECRET } from "../delivery.mjs";
import { on, verifiedEvent } from "./by-hand.mjs";
import { listen } from "./listen.mjs";

export function handWritten(express) {
  const app = express();
  app.post(PATH, express.raw({ type: "*/*" }), (req, res) => {
    const event = verifiedEvent(req.body, req.get("heron-signature"));
    if (!event) return res.status(401).json({ error: "INVALID_SIGNATURE" });
    res.json({ ok: true });
  });
  return listen(app);
}

export function adapter(express) {
  const app = express();
  app.post(PATH, heronWebhooks({ secret: SECRET, on }));
  return listen(app);
}
