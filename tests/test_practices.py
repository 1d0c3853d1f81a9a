from cxstudy.practices import extract_practices, find_channels, find_delays, find_outcome


def days(text, lang):
    return [(d["days"], d["awaited"]) for d in find_delays(text, lang)]


def test_delays_in_digits_and_number_words_in_three_languages():
    assert days("La risposta è arrivata dopo tre giorni.", "it") == [(3.0, "reply")]
    assert days("Llevo siete meses esperando la reparación del coche.", "es") == [(213.08, "repair")]
    assert days("Waited two hours on hold for an answer.", "en") == [(0.08, "reply")]
    assert days("Mi hanno detto che passano almeno 24 ore per riattivare la linea.", "it") == [(1.0, "reconnection")]
    assert days("Sono in attesa da una settimana.", "it") == []  # how long so far, "da" + article: a state
    assert days("Dopo un paio di settimane il pacco è arrivato.", "it") == [(14.0, "delivery")]


def test_numbers_that_are_not_waits_never_become_delays():
    for text, lang in [
        ("Una fattura di 47,15 euro da parte della compagnia.", "it"),
        ("Ad oggi 11 Ottobre 2020 nessuna notizia, dal 29 Giugno.", "it"),
        ("Ho il modello XR-500 e il codice 6093 del pezzo.", "it"),
        ("Lavoro col Giappone da 15 anni.", "it"),
        ("Me ne occupo da oltre 20 anni.", "it"),
        ("Un giorno scriverò un libro.", "it"),
        ("Flight 1234 at 3 pm, gate 22.", "en"),
        ("Un sollecito di pagamento entro il termine ultimo di tre giorni.", "it"),  # a deadline
        ("Tienen un plazo de 15 días para contestar.", "es"),
        ("They gave me a deadline of 5 days to reply.", "en"),
    ]:
        assert find_delays(text, lang) == [], text


def test_channels():
    assert find_channels("Ho scritto una PEC e poi ho mandato un fax, nessuno ha risposto al numero verde.") == [
        "phone", "certified_mail", "fax"]
    assert find_channels("Rellené el formulario y envié un correo electrónico.") == ["email", "web_form"]
    assert find_channels("I sent you a DM and waited on hold for an hour.") == ["phone", "social_media"]
    assert find_channels("Il prodotto è arrivato rotto.") == []
    assert find_channels("Ho parlato con sei operatori del servizio clienti.") == ["phone"]
    for carrier in ["Ho cambiato operatore.", "Passerò a un altro operatore.", "Il mio operatore telefonico è Wind."]:
        assert find_channels(carrier) == [], carrier  # a carrier, not a call


def test_channels_from_what_customers_do():
    assert find_channels("I emailed them twice and spoke to an agent.") == ["phone", "email"]
    assert find_channels("The check-in staff were lovely.") == ["in_person"]
    assert find_channels("Il servizio clienti telefonico non sa nulla.") == ["phone"]
    assert find_channels("Mi hanno tagliato la linea telefonica.") == []  # the product, not a contact


def test_remedies_asked_for_refused_or_the_writers_own_are_not_remedies():
    from cxstudy.practices import find_remedies

    assert find_remedies("They gave us a voucher and apologised.") == ["apology", "compensation"]
    for text in ["No vouchers for food, nothing.", "Hoping for a refund.", "Now they are refusing to refund it.",
                 "@airline Sorry, I meant tomorrow.", "Please accept my apologies for the rude tweet.",
                 "Non ho ricevuto nessun rimborso.", "Mai riparati, nonostante le richieste.",
                 "Kind agents, but this doesn't make up for the error.", "Nunca me repararon el coche."]:
        assert find_remedies(text) == [], text


def test_churn_to_a_rival_or_another_company():
    from cxstudy.practices import find_churn

    assert find_churn("Next time I'm booking another airline.")["present"]
    assert find_churn("Never using you again.")["present"]
    assert find_churn("Don't make me fly @Delta again!") == {"present": True, "rival": "Delta"}
    assert not find_churn("Not even a seat on another airline?")["present"]


def test_outcome_remedies_churn_word_of_mouth():
    assert find_outcome("Il problema non è mai stato risolto.") == "unresolved"
    assert find_outcome("Hanno risolto subito.") == "resolved"
    assert find_outcome("Ho comprato un tapis roulant.") == "unclear"
    p = extract_practices("Mi hanno mandato i pezzi gratis, con tanto di scuse.", "it")
    assert p["remedies"] == ["apology", "free_replacement"]
    p = extract_practices("Quando il contratto scade passerò a Fastweb, e ne scriverò su diversi blog.", "it")
    assert p["churn"] == {"present": True, "rival": "Fastweb"} and p["word_of_mouth"]["present"]
    p = extract_practices("I will never fly with you again and I'll tell all my friends.", "en")
    assert p["churn"]["present"] and p["word_of_mouth"] == {"present": True, "polarity": None}
    assert extract_practices("Gracias por la ayuda.", "es")["churn"] == {"present": False, "rival": None}


def test_very_long_input_is_handled():
    text = ("parola " * 5000) + "dopo 3 giorni nessuna risposta"
    result = extract_practices(text, "it")
    assert [d["days"] for d in result["delays"]] == [3.0] and result["outcome"] == "unresolved"


def test_post_level_practices_gather_sentences():
    from cxstudy.practices import aggregate_practices

    texts = ["Ho scritto una email e poi ho chiamato.", "Dopo 3 giorni nessuna risposta.",
             "Alla fine hanno risolto e si sono scusati.", "Passerò a Fastweb."]
    sentences = [{**extract_practices(t, "it"), "sentence": i} for i, t in enumerate(texts)]
    post = aggregate_practices(sentences)
    assert post["channels"] == ["phone", "email"]
    assert post["delays"] == [{"days": 3.0, "awaited": "reply", "span": "3 giorni", "sentence": 1}]
    assert post["outcome"] == "resolved" and post["remedies"] == ["apology", "repair"]
    assert post["churn"] == {"present": True, "rival": "Fastweb"}


def test_words_that_only_look_like_channels_are_not_contacts():
    assert find_channels("Offre molta formazione e tanti formati diversi.") == []  # not "form"
    assert find_channels("Veamos de qué está hecho este teléfono.") == []  # the product reviewed
    assert find_channels("You got two digits wrong in my phone number.") == []
    assert find_channels("Dropping letter grades at school.") == []
    assert find_channels("Lo llamé por teléfono y fui a la tienda.") == ["phone", "in_person"]
    assert find_channels("Ho aspettato 40 minuti alla reception.") == ["in_person"]
    assert find_channels("Waited in line for an hour to speak to an agent.") == ["phone", "in_person"]


def test_requests_and_amenities_are_not_remedies():
    from cxstudy.practices import find_remedies

    for text in ["I would like a refund for this flight.", "How do I get a full refund?",
                 "Please send me the number of the refunds department.", "Parcheggio gratuito e wifi gratis.",
                 "Is it possible to book a refundable trip?"]:
        assert find_remedies(text) == [], text
    assert find_remedies("They gave us 10,000 miles and a $25 coupon.") == ["compensation"]
    assert find_remedies("Al día siguiente me envían otro.") == ["free_replacement"]


def test_churn_hashtags_and_leaving_in_three_languages():
    from cxstudy.practices import find_churn

    assert find_churn("Delayed again. #NeverAgain")["present"]
    assert find_churn("You just lost my business.")["present"] and find_churn("you lost 16 customers")["present"]
    assert find_churn("Non torneremo più in questo albergo.")["present"]
    assert find_churn("Me pasé de Vodafone a Movistar.") == {"present": True, "rival": "Movistar"}
    assert not find_churn("Thanks for the drink #goodcustomerservice")["present"]
    assert not find_churn("Una domenica passata a completare il manuale.")["present"]


def test_compound_durations_halves_and_digits_touching_the_unit():
    assert days("Hung up after 1hr 7min on hold.", "en") == [(0.05, "reply")]
    assert days("Nobody could explain the 2 hour and 45 minute hold time.", "en") == [(0.11, "reply")]
    assert days("2 and a half hours on hold.", "en") == [(0.1, "reply")]
    assert days("Ho aspettato un'ora e mezza una risposta.", "it") == [(0.06, "reply")]
    assert days("Esperé 3 días y 5 horas la respuesta.", "es") == [(3.21, "reply")]
    assert days("My flight delayed an hour.", "en") == [(0.04, "flight")]
    assert days("Una fattura di 47,15 euro e il modello 2a.", "it") == []


def test_lower_bounds_articles_before_ago_and_waiting_verbs():
    assert days("On hold for 6+ hours now.", "en") == [(0.25, "reply")]
    assert days("I've been on hold for more than an hour.", "en") == [(0.04, "reply")]
    assert days("Just wasted another hour on hold.", "en") == [(0.04, "reply")]
    assert days("You lost my bag a day ago and still nothing.", "en") == [(1.0, "baggage")]
    assert days("Stranded in Denver for 3 straight days.", "en") == [(3.0, "other")]
    assert days("Passengers react to a 24h delay.", "en") == [(1.0, "flight")]
    assert days("Me lo devuelven al cabo de otro mes sin reparar.", "es") == [(30.44, "repair")]
    assert days("Lo mandé al servicio técnico y un mes más tarde me llega igual.", "es") == [(30.44, "technician")]
    assert days("Pasaron 5 semanas hasta que me lo entregaron.", "es") == [(35.0, "delivery")]


def test_each_wait_is_for_what_its_own_clause_names():
    assert days("My flight was cancelled and I've been on hold for 2 hours.", "en") == [(0.08, "reply")]
    assert days("Flight delayed 3 hours and my bag took 2 days to arrive.", "en") == [(0.12, "flight"), (2.0, "baggage")]
    assert days("Waited 2 hours to speak to an agent about my lost bag.", "en") == [(0.08, "reply")]
    assert days("Waited 2 hours on the template.", "en") == [(0.08, "other")]  # no "late" inside a word


def test_ages_lead_times_and_years_as_a_customer_are_not_waits():
    for text in ["I'm 5 months pregnant and still waiting for my bag.",
                 "In my 30 years of flying I never waited like this.",
                 "I changed it 24 hours prior to the flight and I'm still waiting.",
                 "Wish you had announced the delay 2 hours earlier."]:
        assert find_delays(text, "en") == [], text


def test_dialogue_lines_take_the_channel_of_their_conversation_post_by_post():
    from cxstudy.practices import extract_in_context

    texts = ["I called the helpline again.", "Agent: we cannot refund you.", "Me: then I will complain.",
             "The next week I wrote to them.", 'R "Not our problem".',
             "Fui a la tienda.", 'D "¿Me lo cambian?"', 'R "No, señor".']
    posts = ["a"] * 5 + ["b"] * 3
    channels = [p["channels"] for p in extract_in_context(texts, ["en"] * 5 + ["es"] * 3, posts)]
    assert channels == [["phone"], ["phone"], ["phone"], [], [], ["in_person"], ["in_person"], ["in_person"]]
    # a post's dialogue never takes a channel from another post
    alone = extract_in_context(['R "No, señor".'], ["es"], ["c"])
    assert alone[0]["channels"] == []


def test_leaving_warnings_and_remedies_as_customers_put_them():
    from cxstudy.practices import find_churn, find_remedies, find_word_of_mouth

    for text in ["I am going to stop flying with you.", "Will NOT book SWA for business travel.",
                 "We've already booked another flight w/someone else.", "No reclining seat. #lastflightwithyouever",
                 "That's another $1k you just lost."]:
        assert find_churn(text)["present"], text
    assert find_churn("Haven't even left ATL. Should have picked @Delta maybe?") == {"present": True, "rival": "Delta"}
    assert not find_churn("Everything was fine until you lost my bag.")["present"]
    assert find_remedies("Thank you for the JetBlue Credit. Nice save!") == ["compensation"]
    assert find_remedies("They sent me a voucher but it does not work.") == ["compensation"]
    assert find_remedies("Someone finally offered to let him stay in a hotel.") == ["compensation"]
    for text in ["Rescheduled with regular seats. Credit?", "Is it possible to purchase an upgrade to first class?",
                 "Who pays for my credit card fees?"]:
        assert find_remedies(text) == [], text
    assert not find_word_of_mouth("Thanks for the recommendation, still waiting.")["present"]


def test_more_ways_to_say_a_wait_and_whom_a_contact_reached():
    assert days("It's been 15 days since my claim.", "en") == [(15.0, "other")]
    assert days("No reply for 2 mths from customer relations.", "en") == [(60.88, "reply")]
    assert days("I shouldn't have to wait a hour for my luggage.", "en") == [(0.04, "baggage")]
    assert find_channels("Waiting to be connected to an agent.") == ["phone"]
    assert find_channels("Your folks at EWR are incredible.") == ["in_person"]


def test_windows_of_a_count_and_time_left_or_needed_are_not_waits():
    for text in ["2nd flight in two weeks that you have lost my bag!",
                 "Second time in 2 weeks a flight has been delayed.",
                 "Delayed again, so I only have 24 mins to transit. Still waiting.",
                 "Delayed again. Need an extra 5 min to make my connection."]:
        assert find_delays(text, "en") == [], text
    assert days("4 hour delay earlier, another hour delay on my connecting flight.", "en") == [(0.17, "flight"), (0.04, "flight")]
    assert days("Just landed, an hour after I should have been here.", "en") == [(0.04, "other")]


def test_quoted_replies_holding_and_lines_are_contacts():
    from cxstudy.practices import find_churn, find_remedies

    assert find_channels('Cool! "@JetBlue: @someone We are 60% there."') == ["social_media"]
    assert find_channels('Sigh... "@JetBlue: Our fleet\'s on fleek."') == []  # a broadcast, not a reply
    assert find_channels("Thank you for the prompt response.") == ["social_media"]
    assert find_channels("I have been holding for over 2 hours each day.") == ["phone"]
    assert find_channels("I finally got through the second time.") == ["phone"]
    assert find_channels("Rudest crew! Calling out customers.") == []
    assert find_channels("Customers standing in his understaffed lines for an hour.") == ["in_person"]
    assert find_channels("There is no way to help between the gate rep and nobody else.") == ["in_person"]
    assert find_remedies("Thanks for making good on my cancelled flight.") == ["compensation"]
    assert find_remedies("Now 32 minutes until my upgrade window opens.") == []
    assert find_remedies("They gave me an upgrade after the cancellation.") == ["compensation"]
    for text in ["Bag check policy is awful #nomorevirgin", "I should stick to airlines other than you."]:
        assert find_churn(text)["present"], text


def test_remedies_asked_for_the_customers_own_credit_and_the_writers_sorry_are_no_remedies():
    from cxstudy.practices import find_remedies

    for text in ["Can I get a voucher for this?", "I'll be expecting a credit for this leg.",
                 "I have a credit that expires next month.", "Still waiting, so please send me a coupon.",
                 "Sorry, I thought it was fixed.", "I feel sorry for the crew.", "Better safe than sorry!"]:
        assert find_remedies(text) == [], text
    assert find_remedies("They gave me a $50 voucher.") == ["compensation"]
    assert find_remedies("The agent said sorry and walked off.") == ["apology"]
    assert find_remedies("We are so sorry for the delay, said the captain.") == ["apology"]


def test_churn_needs_leaving_not_a_hashtag_of_never_or_a_change_of_flight():
    from cxstudy.practices import find_churn

    for text in ["Late again #neverontime", "Hope to fly with you again soon!", "Can I switch to an earlier flight?"]:
        assert not find_churn(text)["present"], text
    for text in ["Done with you #NeverFlyingAgain", "Never will I fly them again.", "There are plenty of other airlines.",
                 "You are losing a loyal customer."]:
        assert find_churn(text)["present"], text
    assert find_churn("Time to switch to @Delta for good.") == {"present": True, "rival": "Delta"}


def test_word_of_mouth_is_telling_others_not_advising_the_company():
    from cxstudy.practices import find_word_of_mouth

    for text in ["I recommend adding a call back option.", "We found out about the delay by word of mouth."]:
        assert not find_word_of_mouth(text)["present"], text
    assert find_word_of_mouth("I would highly recommend them to anyone.") == {"present": True, "polarity": "positive"}
    assert find_word_of_mouth("Do not fly with them!") == {"present": True, "polarity": "negative"}
    assert find_word_of_mouth("I will share this story with everyone I know.")["present"]


def test_holding_follow_ups_and_ground_staff_are_contacts():
    assert find_channels("Got hold of someone at last.") == ["phone"]
    assert find_channels("Thanks for the follow up.") == ["social_media"]
    assert find_channels("The ground staff were rude.") == ["in_person"]


def test_churn_told_as_customers_tell_it_and_dm_steps_and_queues_as_contacts():
    from cxstudy.practices import find_churn

    for text in ["We will not be flying with you or them again.", "I will never do business with you again.",
                 "Had to go with another carrier.", "I'll be switching back to delta.", "Your loss, their gain.",
                 "We are done flying with this airline."]:
        assert find_churn(text)["present"], text
    for text in ["Every time I come back to Boston the bags are late.", "#FlyFi worked well on this flight."]:
        assert not find_churn(text)["present"], text
    assert find_channels("Followed!") == ["social_media"] and find_channels("I just sent it over.") == ["social_media"]
    assert find_channels("I followed all of the steps on the site.") == []
    assert find_channels("Still in line at the counter.") == ["in_person"]
    assert find_channels("Trying for hours to reach agent.") == ["phone"]
