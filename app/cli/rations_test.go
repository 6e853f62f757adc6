package cli_test

import (
	"strings"
	"testing"
)

func TestRationsRedeemDispenseAndEmergencyOnOneDevice(t *testing.T) {
	d := newDac(t)
	d.ok("init")
	d.ok("node", "new", "--charter", "../../assets/charter/sample.json") // the founder serves as the point
	m := decode(t, d.ok("rations", "status", "--json").stdout)
	if m["member"] != true || m["is_point"] != true || len(m["items"].([]any)) != 3 {
		t.Fatalf("status %v", m)
	}
	r := decode(t, d.ok("rations", "redeem", "--item", "water", "--qty", "30", "--json").stdout)
	bundle := str(t, r, "bundle")
	if !strings.HasPrefix(bundle, "dacration1:") || num(t, r, "extra") != 0 {
		t.Fatalf("redeem %v", r)
	}
	out := d.ok("rations", "dispense", bundle).stdout
	if !strings.Contains(out, "redeems 30 water") || !strings.Contains(out, "hand it over") {
		t.Fatalf("dispense:\n%s", out)
	}
	d.fails("already handed over", "rations", "dispense", "--id", str(t, r, "id"))
	d.fails("not a DAC redemption bundle", "rations", "dispense", "dacpay1:AAAA")
	text := d.ok("rations", "status").stdout
	if !strings.Contains(text, "water    70 l left of 100 l this period") {
		t.Fatalf("status text:\n%s", text)
	}
	d.fails("below the rights floor", "emergency", "declare", "--hours", "24", "--measure", "water=10")
	d.fails("1 to 168 hours", "emergency", "declare", "--hours", "500")
	d.fails("ITEM=PERCENT", "emergency", "declare", "--hours", "5", "--measure", "water")
	d.ok("emergency", "declare", "--hours", "24", "--measure", "water=60", "--reason", "pump broken")
	text = d.ok("rations", "status").stdout
	if !strings.Contains(text, "water    30 l left of 60 l (normally 100) this period") || !strings.Contains(text, "in force, awaiting ratification") {
		t.Fatalf("status under the emergency:\n%s", text)
	}
	es := decode(t, d.ok("emergency", "status", "--json").stdout)["emergencies"].([]any)
	if len(es) != 1 || es[0].(map[string]any)["in_force"] != true {
		t.Fatalf("emergency status %v", es)
	}
	r = decode(t, d.ok("rations", "redeem", "--item", "food", "--qty", "5", "--json").stdout)
	out = d.ok("rations", "dispense", "--refuse", str(t, r, "bundle")).stdout
	if !strings.Contains(out, "takes the entitlement back") {
		t.Fatalf("refuse:\n%s", out)
	}
	if !strings.Contains(d.ok("rations", "status").stdout, "1 of your redemptions were refused") {
		t.Fatal("status does not show the refusal")
	}
	d.fails("only 30 water left", "rations", "redeem", "--item", "water", "--qty", "40")
	if strings.Contains(d.ok("rations", "status").stdout, "were refused") {
		t.Fatal("the refused redemption was not taken back by the next redemption")
	}
	out = d.ok("rations", "redeem", "--item", "water", "--qty", "40", "--extra").stdout
	if !strings.Contains(out, "10 extra for 0.10") {
		t.Fatalf("extra:\n%s", out)
	}
}
