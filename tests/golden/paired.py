# Golden values for peerimpact.statistics.paired and .effect_sizes -- written by paired.R; do not edit.
# Regenerate: Rscript tests/golden/paired.R && ruff format tests/golden/paired.py
# R version 4.2.2 Patched (2022-11-10 r83330)
# stats 4.2.2, effectsize 0.8.3
# Every number is printed with %.17g, so the doubles round-trip exactly.

CASES = {
    "small_exact": {
        # n = 12, no ties, no zeros: exact Wilcoxon
        "pre": (
            19.98,
            17.43,
            23.210000000000001,
            20.73,
            15.32,
            21.539999999999999,
            18.59,
            24.109999999999999,
            16.879999999999999,
            22.350000000000001,
            19.25,
            20.039999999999999,
        ),
        # post - pre is the change
        "post": (
            21.510000000000002,
            16.809999999999999,
            26.079999999999998,
            21.140000000000001,
            19.27,
            20.359999999999999,
            20.649999999999999,
            24.879999999999999,
            21.300000000000001,
            22.059999999999999,
            20.559999999999999,
            22.68,
        ),
        # mean(x), sd(x), median(x) for x = pre, post, post - pre; cor(pre, post)
        "descriptives": {
            "n": 12,
            "pre_mean": 19.952500000000001,
            "pre_sd": 2.6352578793941763,
            "pre_median": 20.009999999999998,
            "post_mean": 21.441666666666666,
            "post_sd": 2.4141696608803516,
            "post_median": 21.219999999999999,
            "change_mean": 1.4891666666666661,
            "change_sd": 1.7749901834982504,
            "r": 0.7562299719022969,
        },
        # t.test(post, pre, paired = TRUE)
        "t_test": {
            "statistic": 2.9062834843640637,
            "df": 11,
            "p_value": 0.014283666950434126,
            "ci95": (
                0.36139170876242804,
                2.6169416245709041,
            ),
            "estimate": 1.4891666666666661,
        },
        # suppressWarnings(wilcox.test(post, pre, paired = TRUE))
        "wilcoxon": {
            "statistic": 69,
            "p_value": 0.01611328125000001,
            "method": "Wilcoxon signed rank exact test",
            "exact": True,
            "correction": False,
        },
        # shapiro.test(post - pre)
        "shapiro": {
            "statistic": 0.97295046651361139,
            "p_value": 0.93912187117346579,
        },
        # effectsize::cohens_d(post, pre, paired = TRUE)
        # 0.8.3: d_z = mean(d) / sd(d); CI by optim on pt() (abstol 1e-9)
        "cohens_d": {
            "value": 0.83897177601947781,
            "ci95": (
                0.16193118273480503,
                1.4886737725654275,
            ),
        },
        # effectsize::hedges_g(post, pre, paired = TRUE)
        # 0.8.3: d_z and its CI times exact J(n - 1)
        "hedges_g": {
            "value": 0.78021003340211503,
            "ci95": (
                0.15058949192521234,
                1.3844067786508703,
            ),
        },
        # t <- t.test(post, pre, paired = TRUE)$statistic
        # sapply(c(0.975, 0.025), function(p) uniroot(function(ncp) pt(t, n - 1, ncp) - p,
        #        c(t - 20 - abs(t), t + 20 + abs(t)), tol = 1e-13)$root) / sqrt(n)
        "d_z_ci_uniroot": (
            0.16193101106844315,
            1.4886738925722593,
        ),
        # by hand, as effectsize 1.0.3 R/repeated_measures_d.R .paired_d(method = 'av'):
        # s <- sqrt((var(post) + var(pre)) / 2); d_av <- mean(post - pre) / s
        # se <- sqrt(var(post - pre) / n) / s   # Algina & Keselman 2003, eq 4
        # d_av_ci95 <- d_av + qnorm(c(.025, .975)) * se; g_av = d_av * J(n - 1), CI times J
        "av": {
            "d_av": 0.58927126142531649,
            "se": 0.20275766785849433,
            "d_av_ci95": (
                0.19187353483333314,
                0.98666898801729985,
            ),
            "J": 0.92995980997577854,
            "g_av": 0.54799859029927467,
            "g_av_ci95": (
                0.1784346759929874,
                0.91756250460556188,
            ),
        },
        # fitts_ci(pre, post)   # the CI peerimpact reports for g_av: an interval for delta_av (see above)
        "g_av_fitts": (
            0.10997595792141532,
            1.0526542742582048,
        ),
    },
    "worse_exact": {
        # n = 9, mostly falls, no ties, no zeros: exact Wilcoxon
        "pre": (
            30.5,
            27.25,
            33,
            25.75,
            29.5,
            31.25,
            28,
            26.5,
            32.75,
        ),
        # post - pre is the change
        "post": (
            28.25,
            26.75,
            29.25,
            27,
            27.75,
            26.75,
            27.75,
            27.25,
            29.75,
        ),
        # mean(x), sd(x), median(x) for x = pre, post, post - pre; cor(pre, post)
        "descriptives": {
            "n": 9,
            "pre_mean": 29.388888888888889,
            "pre_sd": 2.6725196184707625,
            "pre_median": 29.5,
            "post_mean": 27.833333333333332,
            "post_sd": 1.0752906583803283,
            "post_median": 27.75,
            "change_mean": -1.5555555555555556,
            "change_sd": 2.0030358902869856,
            "r": 0.74579906748657343,
        },
        # t.test(post, pre, paired = TRUE)
        "t_test": {
            "statistic": -2.3297968295505918,
            "df": 8,
            "p_value": 0.048176966247702326,
            "ci95": (
                -3.0952252375436049,
                -0.015885873567506478,
            ),
            "estimate": -1.5555555555555556,
        },
        # suppressWarnings(wilcox.test(post, pre, paired = TRUE))
        "wilcoxon": {
            "statistic": 7,
            "p_value": 0.07421875,
            "method": "Wilcoxon signed rank exact test",
            "exact": True,
            "correction": False,
        },
        # shapiro.test(post - pre)
        "shapiro": {
            "statistic": 0.96156170245497152,
            "p_value": 0.81451892115188729,
        },
        # effectsize::cohens_d(post, pre, paired = TRUE)
        # 0.8.3: d_z = mean(d) / sd(d); CI by optim on pt() (abstol 1e-9)
        "cohens_d": {
            "value": -0.77659894318353073,
            "ci95": (
                -1.5116592347784146,
                -0.0059519307400140546,
            ),
        },
        # effectsize::hedges_g(post, pre, paired = TRUE)
        # 0.8.3: d_z and its CI times exact J(n - 1)
        "hedges_g": {
            "value": -0.70103845494134998,
            "ci95": (
                -1.3645798306172057,
                -0.0053728277208217878,
            ),
        },
        # t <- t.test(post, pre, paired = TRUE)$statistic
        # sapply(c(0.975, 0.025), function(p) uniroot(function(ncp) pt(t, n - 1, ncp) - p,
        #        c(t - 20 - abs(t), t + 20 + abs(t)), tol = 1e-13)$root) / sqrt(n)
        "d_z_ci_uniroot": (
            -1.5116591590591095,
            -0.0059518966535374021,
        ),
        # by hand, as effectsize 1.0.3 R/repeated_measures_d.R .paired_d(method = 'av'):
        # s <- sqrt((var(post) + var(pre)) / 2); d_av <- mean(post - pre) / s
        # se <- sqrt(var(post - pre) / n) / s   # Algina & Keselman 2003, eq 4
        # d_av_ci95 <- d_av + qnorm(c(.025, .975)) * se; g_av = d_av * J(n - 1), CI times J
        "av": {
            "d_av": -0.76365608641394456,
            "se": 0.32777797476926379,
            "d_av_ci95": (
                -1.4060891118871801,
                -0.12122306094070912,
            ),
            "J": 0.90270333367640987,
            "g_av": -0.68935489498814828,
            "g_av_ci95": (
                -1.26928132874666,
                -0.1094284612296367,
            ),
        },
        # fitts_ci(pre, post)   # the CI peerimpact reports for g_av: an interval for delta_av (see above)
        "g_av_fitts": (
            -1.5973162496821436,
            0.10050221539970766,
        ),
    },
    "ties": {
        # n = 20 integer totals, tied differences, no zeros: normal approximation
        "pre": (
            44,
            51,
            38,
            47,
            55,
            42,
            49,
            36,
            58,
            45,
            40,
            53,
            47,
            50,
            43,
            39,
            61,
            46,
            48,
            52,
        ),
        # post - pre is the change
        "post": (
            47,
            53,
            41,
            46,
            59,
            44,
            52,
            35,
            60,
            49,
            43,
            51,
            50,
            54,
            45,
            42,
            62,
            44,
            51,
            56,
        ),
        # mean(x), sd(x), median(x) for x = pre, post, post - pre; cor(pre, post)
        "descriptives": {
            "n": 20,
            "pre_mean": 47.200000000000003,
            "pre_sd": 6.6538473239567439,
            "pre_median": 47,
            "post_mean": 49.200000000000003,
            "post_sd": 6.9630604281677604,
            "post_median": 49.5,
            "change_mean": 2,
            "change_sd": 1.9735087641318605,
            "r": 0.95900031796567053,
        },
        # t.test(post, pre, paired = TRUE)
        "t_test": {
            "statistic": 4.5321673116226124,
            "df": 19,
            "p_value": 0.00022793147683560459,
            "ci95": (
                1.0763694671903179,
                2.9236305328096823,
            ),
            "estimate": 2,
        },
        # suppressWarnings(wilcox.test(post, pre, paired = TRUE))
        "wilcoxon": {
            "statistic": 193,
            "p_value": 0.00097757477119284389,
            "method": "Wilcoxon signed rank test with continuity correction",
            "exact": False,
            "correction": True,
        },
        # shapiro.test(post - pre)
        "shapiro": {
            "statistic": 0.81719899995306244,
            "p_value": 0.0015776457226485215,
        },
        # effectsize::cohens_d(post, pre, paired = TRUE)
        # 0.8.3: d_z = mean(d) / sd(d); CI by optim on pt() (abstol 1e-9)
        "cohens_d": {
            "value": 1.0134234194190634,
            "ci95": (
                0.46206932494981084,
                1.5473305008419946,
            ),
        },
        # effectsize::hedges_g(post, pre, paired = TRUE)
        # 0.8.3: d_z and its CI times exact J(n - 1)
        "hedges_g": {
            "value": 0.97279563219625664,
            "ci95": (
                0.44354512878804436,
                1.4852985671537005,
            ),
        },
        # t <- t.test(post, pre, paired = TRUE)$statistic
        # sapply(c(0.975, 0.025), function(p) uniroot(function(ncp) pt(t, n - 1, ncp) - p,
        #        c(t - 20 - abs(t), t + 20 + abs(t)), tol = 1e-13)$root) / sqrt(n)
        "d_z_ci_uniroot": (
            0.46206931932646661,
            1.5473305512482578,
        ),
        # by hand, as effectsize 1.0.3 R/repeated_measures_d.R .paired_d(method = 'av'):
        # s <- sqrt((var(post) + var(pre)) / 2); d_av <- mean(post - pre) / s
        # se <- sqrt(var(post - pre) / n) / s   # Algina & Keselman 2003, eq 4
        # d_av_ci95 <- d_av + qnorm(c(.025, .975)) * se; g_av = d_av * J(n - 1), CI times J
        "av": {
            "d_av": 0.2936767408962459,
            "se": 0.064798300835699596,
            "d_av_ci95": (
                0.16667440499888303,
                0.42067907679360877,
            ),
            "J": 0.9599103529242532,
            "g_av": 0.28190334399935985,
            "g_av_ci95": (
                0.15999248692591772,
                0.40381420107280203,
            ),
        },
        # fitts_ci(pre, post)   # the CI peerimpact reports for g_av: an interval for delta_av (see above)
        "g_av_fitts": (
            0.13045754228507278,
            0.45206827694338481,
        ),
    },
    "zeros": {
        # n = 16 with four zero differences: zeros dropped, normal approximation
        "pre": (
            22,
            18,
            25,
            30,
            27,
            19,
            24,
            21,
            28,
            26,
            23,
            20,
            29,
            17,
            31,
            24,
        ),
        # post - pre is the change
        "post": (
            24,
            18,
            28,
            30,
            26,
            23,
            24,
            25,
            33,
            27,
            27,
            20,
            28,
            22,
            32,
            29,
        ),
        # mean(x), sd(x), median(x) for x = pre, post, post - pre; cor(pre, post)
        "descriptives": {
            "n": 16,
            "pre_mean": 24,
            "pre_sd": 4.3204937989385739,
            "pre_median": 24,
            "post_mean": 26,
            "post_sd": 4.1150131632029243,
            "post_median": 26.5,
            "change_mean": 2,
            "change_sd": 2.2509257354845511,
            "r": 0.85869633315621419,
        },
        # t.test(post, pre, paired = TRUE)
        "t_test": {
            "statistic": 3.5540932665545539,
            "df": 15,
            "p_value": 0.0028849041779400405,
            "ci95": (
                0.80056634100316282,
                3.1994336589968375,
            ),
            "estimate": 2,
        },
        # suppressWarnings(wilcox.test(post, pre, paired = TRUE))
        "wilcoxon": {
            "statistic": 73,
            "p_value": 0.0081367772525795194,
            "method": "Wilcoxon signed rank test with continuity correction",
            "exact": False,
            "correction": True,
        },
        # shapiro.test(post - pre)
        "shapiro": {
            "statistic": 0.87688910909908468,
            "p_value": 0.034718861789410679,
        },
        # effectsize::cohens_d(post, pre, paired = TRUE)
        # 0.8.3: d_z = mean(d) / sd(d); CI by optim on pt() (abstol 1e-9)
        "cohens_d": {
            "value": 0.88852331663863848,
            "ci95": (
                0.2955145131333537,
                1.460682919797013,
            ),
        },
        # effectsize::hedges_g(post, pre, paired = TRUE)
        # 0.8.3: d_z and its CI times exact J(n - 1)
        "hedges_g": {
            "value": 0.84321536884326531,
            "ci95": (
                0.2804455150743343,
                1.3861991732971202,
            ),
        },
        # t <- t.test(post, pre, paired = TRUE)$statistic
        # sapply(c(0.975, 0.025), function(p) uniroot(function(ncp) pt(t, n - 1, ncp) - p,
        #        c(t - 20 - abs(t), t + 20 + abs(t)), tol = 1e-13)$root) / sqrt(n)
        "d_z_ci_uniroot": (
            0.2955143413753204,
            1.4606829092305746,
        ),
        # by hand, as effectsize 1.0.3 R/repeated_measures_d.R .paired_d(method = 'av'):
        # s <- sqrt((var(post) + var(pre)) / 2); d_av <- mean(post - pre) / s
        # se <- sqrt(var(post - pre) / n) / s   # Algina & Keselman 2003, eq 4
        # d_av_ci95 <- d_av + qnorm(c(.025, .975)) * se; g_av = d_av * J(n - 1), CI times J
        "av": {
            "d_av": 0.47404546313997725,
            "se": 0.13338014159643349,
            "d_av_ci95": (
                0.21262518935811486,
                0.73546573692183959,
            ),
            "J": 0.94900758714270195,
            "g_av": 0.44987274117041448,
            "g_av_ci95": (
                0.2017829179185047,
                0.69796256442232418,
            ),
        },
        # fitts_ci(pre, post)   # the CI peerimpact reports for g_av: an interval for delta_av (see above)
        "g_av_fitts": (
            0.1549608212382852,
            0.78323672359002983,
        ),
    },
    "n3": {
        # n = 3: smallest n for shapiro.test
        "pre": (
            20.100000000000001,
            22.399999999999999,
            18.699999999999999,
        ),
        # post - pre is the change
        "post": (
            21.300000000000001,
            22,
            21.899999999999999,
        ),
        # mean(x), sd(x), median(x) for x = pre, post, post - pre; cor(pre, post)
        "descriptives": {
            "n": 3,
            "pre_mean": 20.399999999999999,
            "pre_sd": 1.8681541692269399,
            "pre_median": 20.100000000000001,
            "post_mean": 21.733333333333334,
            "post_sd": 0.37859388972001751,
            "post_median": 21.899999999999999,
            "change_mean": 1.3333333333333333,
            "change_sd": 1.8036999011291568,
            "r": 0.26863790198497439,
        },
        # t.test(post, pre, paired = TRUE)
        "t_test": {
            "statistic": 1.2803687993289603,
            "df": 2,
            "p_value": 0.32884394478597556,
            "ci95": (
                -3.1473056117419462,
                5.8139722784086132,
            ),
            "estimate": 1.3333333333333333,
        },
        # suppressWarnings(wilcox.test(post, pre, paired = TRUE))
        "wilcoxon": {
            "statistic": 5,
            "p_value": 0.50000000000000011,
            "method": "Wilcoxon signed rank exact test",
            "exact": True,
            "correction": False,
        },
        # shapiro.test(post - pre)
        "shapiro": {
            "statistic": 0.99590163934426212,
            "p_value": 0.87765011638948875,
        },
        # effectsize::cohens_d(post, pre, paired = TRUE)
        # 0.8.3: d_z = mean(d) / sd(d); CI by optim on pt() (abstol 1e-9)
        "cohens_d": {
            "value": 0.73922127095457313,
            "ci95": (
                -0.63376655235314538,
                1.9980317095556621,
            ),
        },
        # effectsize::hedges_g(post, pre, paired = TRUE)
        # 0.8.3: d_z and its CI times exact J(n - 1)
        "hedges_g": {
            "value": 0.41706094100950369,
            "ci95": (
                -0.35756448723861839,
                1.1272686781294206,
            ),
        },
        # t <- t.test(post, pre, paired = TRUE)$statistic
        # sapply(c(0.975, 0.025), function(p) uniroot(function(ncp) pt(t, n - 1, ncp) - p,
        #        c(t - 20 - abs(t), t + 20 + abs(t)), tol = 1e-13)$root) / sqrt(n)
        "d_z_ci_uniroot": (
            -0.63376663277381051,
            1.9980316254895625,
        ),
        # by hand, as effectsize 1.0.3 R/repeated_measures_d.R .paired_d(method = 'av'):
        # s <- sqrt((var(post) + var(pre)) / 2); d_av <- mean(post - pre) / s
        # se <- sqrt(var(post - pre) / n) / s   # Algina & Keselman 2003, eq 4
        # d_av_ci95 <- d_av + qnorm(c(.025, .975)) * se; g_av = d_av * J(n - 1), CI times J
        "av": {
            "d_av": 0.98923873365899628,
            "se": 0.77262014989544814,
            "d_av_ci95": (
                -0.52506893386601994,
                2.5035464011840123,
            ),
            "J": 0.56418958354775628,
            "g_av": 0.55811818917237888,
            "g_av_ci95": (
                -0.29623842313173415,
                1.4124748014764918,
            ),
        },
    },
    "n49": {
        # set.seed(20261122); pre <- rnorm(49, 45, 8); post <- pre + rnorm(49, 1.5, 5)
        "pre": (
            42.731011754029765,
            48.092790604280616,
            49.581906698829243,
            48.413018521626512,
            50.789509905036141,
            53.784009594513208,
            33.261658081740777,
            45.144703292554333,
            52.684466839171307,
            36.823784025573971,
            47.785457162245322,
            53.648075541478974,
            55.861009459835664,
            52.861447076552309,
            56.494064765581371,
            56.108722229500934,
            57.278177832033961,
            47.442652989166739,
            47.281015775395495,
            26.504380342190537,
            49.601702306664158,
            51.929330647607543,
            35.400260173996116,
            44.208990059814056,
            50.563585223328765,
            37.51360590804731,
            41.94616075840581,
            46.558905804977485,
            45.916704088012651,
            36.240888362695152,
            52.457547665225086,
            51.42795883187199,
            54.417054682535188,
            38.779957071859215,
            51.685095153243992,
            37.058372507773122,
            49.588735203758276,
            49.141681488753733,
            46.728305989180498,
            31.159048436712844,
            50.934490295425192,
            44.153830779421504,
            36.914408920260414,
            56.338570430887707,
            30.533987456915391,
            48.768552624871596,
            39.099642941447954,
            42.157087831667283,
            43.367723319687308,
        ),
        # post - pre is the change
        "post": (
            56.425544825885133,
            46.869031493969842,
            48.009568956045769,
            45.369297378031384,
            52.898304435443791,
            54.305860649322199,
            40.885492449369714,
            51.007542086888883,
            54.336297268308307,
            40.095213010024899,
            52.304830736082138,
            50.507575578223012,
            51.002469479432335,
            52.912762490033515,
            55.31738331720949,
            58.981040676918646,
            64.769036028658974,
            50.024038165233669,
            61.128306669352462,
            29.809401773744206,
            48.640656524071474,
            61.588734087621738,
            34.66334290114748,
            46.529376560542033,
            51.779694403314103,
            50.206017034190744,
            43.570089805664104,
            46.416712360874037,
            49.908066393164177,
            39.602038921513419,
            53.696627353640849,
            44.326974220569888,
            45.779957857574374,
            44.941436413885469,
            60.041705244961761,
            46.891630364481145,
            41.997885006015693,
            53.536086476666732,
            40.770446509452228,
            36.397110546156753,
            50.858814086170042,
            42.195679039005626,
            42.846420652097301,
            59.464486388861339,
            25.880563550748441,
            50.38517087530294,
            39.042340748430632,
            38.482189686914751,
            42.121765709854223,
        ),
        # mean(x), sd(x), median(x) for x = pre, post, post - pre; cor(pre, post)
        "descriptives": {
            "n": 49,
            "pre_mean": 46.064572397069071,
            "pre_sd": 7.6240810530229428,
            "pre_median": 47.785457162245322,
            "post_mean": 47.94940851410351,
            "post_sd": 8.1221491393413974,
            "post_median": 48.640656524071474,
            "change_mean": 1.8848361170344357,
            "change_sd": 5.2400280553102041,
            "r": 0.78029636428001015,
        },
        # t.test(post, pre, paired = TRUE)
        "t_test": {
            "statistic": 2.517897362375856,
            "df": 48,
            "p_value": 0.01519575097798782,
            "ci95": (
                0.37972432575832032,
                3.3899479083105515,
            ),
            "estimate": 1.8848361170344357,
        },
        # suppressWarnings(wilcox.test(post, pre, paired = TRUE))
        "wilcoxon": {
            "statistic": 843,
            "p_value": 0.021201178620888331,
            "method": "Wilcoxon signed rank exact test",
            "exact": True,
            "correction": False,
        },
        # shapiro.test(post - pre)
        "shapiro": {
            "statistic": 0.98141351081244477,
            "p_value": 0.62568693185866597,
        },
        # effectsize::cohens_d(post, pre, paired = TRUE)
        # 0.8.3: d_z = mean(d) / sd(d); CI by optim on pt() (abstol 1e-9)
        "cohens_d": {
            "value": 0.35969962319655086,
            "ci95": (
                0.068896413121422154,
                0.64698699927232473,
            ),
        },
        # effectsize::hedges_g(post, pre, paired = TRUE)
        # 0.8.3: d_z and its CI times exact J(n - 1)
        "hedges_g": {
            "value": 0.35404493875876092,
            "ci95": (
                0.067813321981000332,
                0.63681599246468479,
            ),
        },
        # t <- t.test(post, pre, paired = TRUE)$statistic
        # sapply(c(0.975, 0.025), function(p) uniroot(function(ncp) pt(t, n - 1, ncp) - p,
        #        c(t - 20 - abs(t), t + 20 + abs(t)), tol = 1e-13)$root) / sqrt(n)
        "d_z_ci_uniroot": (
            0.068896448677333993,
            0.64698700098232442,
        ),
        # by hand, as effectsize 1.0.3 R/repeated_measures_d.R .paired_d(method = 'av'):
        # s <- sqrt((var(post) + var(pre)) / 2); d_av <- mean(post - pre) / s
        # se <- sqrt(var(post - pre) / n) / s   # Algina & Keselman 2003, eq 4
        # d_av_ci95 <- d_av + qnorm(c(.025, .975)) * se; g_av = d_av * J(n - 1), CI times J
        "av": {
            "d_av": 0.23928189746921,
            "se": 0.095032427073765482,
            "d_av_ci95": (
                0.053021763041200515,
                0.42554203189721945,
            ),
            "J": 0.98427942629592347,
            "g_av": 0.23552024876399399,
            "g_av_ci95": (
                0.052188230507391242,
                0.41885226702059675,
            ),
        },
        # fitts_ci(pre, post)   # the CI peerimpact reports for g_av: an interval for delta_av (see above)
        "g_av_fitts": (
            0.04465734125268369,
            0.43199800993513898,
        ),
    },
    "n50": {
        # (continuing the stream) pre <- rnorm(50, 45, 8); post <- pre + rnorm(50, 1.5, 5)
        "pre": (
            43.389354826376497,
            41.869661958232065,
            50.441226437111332,
            37.440977040199009,
            56.452527052869897,
            50.749744417762784,
            44.203524381566993,
            47.574856263355798,
            37.673780991851302,
            41.437139604560301,
            31.594005972755873,
            31.199621051788149,
            32.845154290546674,
            51.076180148045566,
            42.3448566437309,
            49.934202337675487,
            46.251913212809917,
            36.173228761214631,
            44.090882774628916,
            34.067445780279613,
            35.816531859551588,
            44.090753171192652,
            54.852197697069251,
            49.221605228112622,
            45.576754653335456,
            38.680276178946983,
            52.251967788261766,
            53.589829277324476,
            41.608090282277992,
            43.105040039032588,
            52.958465989113094,
            35.766454638899717,
            54.280547280033083,
            58.837312093867112,
            55.633170637461774,
            44.105449575393756,
            45.576656476078192,
            48.785277794902399,
            50.749107108493149,
            61.961884989246968,
            27.675015320061522,
            43.590814588354846,
            42.80081605699187,
            40.957568868706218,
            43.215818510949859,
            47.781909222542147,
            48.603446520009769,
            53.409211381462072,
            33.625383105936521,
            39.608481908227247,
        ),
        # post - pre is the change
        "post": (
            44.084829800893516,
            38.881854061058583,
            59.886289070183892,
            36.937817487302688,
            55.426959114110957,
            53.963127449261791,
            46.064752174275576,
            51.52801005862429,
            35.388115175637999,
            50.68973152510587,
            29.738995100902752,
            38.046418745134702,
            36.367972211196303,
            55.254466386645561,
            45.304598882187882,
            57.507747158832935,
            48.116339969679558,
            46.513846026772249,
            47.728359140779958,
            24.787573310537354,
            37.535093821882114,
            52.369700288804879,
            57.50491482924857,
            44.070745736439626,
            42.302863783107256,
            30.296648153703678,
            45.128181793410626,
            51.292027010352179,
            43.568119818794237,
            44.731367228540648,
            38.057003046276435,
            44.955531246379614,
            55.949764358237346,
            57.327329823111526,
            55.058418262228841,
            40.969216990467558,
            49.631042279260747,
            47.219001669204253,
            56.672430711453138,
            63.710025132636886,
            31.537991694275767,
            36.632378115818312,
            60.821219380595878,
            46.114787198775332,
            47.842680315572153,
            55.780641882149808,
            37.17070159093069,
            45.83027850648844,
            38.622372196363344,
            43.387485099406334,
        ),
        # mean(x), sd(x), median(x) for x = pre, post, post - pre; cor(pre, post)
        "descriptives": {
            "n": 50,
            "pre_mean": 44.790522443783971,
            "pre_sd": 7.7650632469270606,
            "pre_median": 44.098166175011336,
            "post_mean": 46.086155296260813,
            "post_sd": 8.9029791453324787,
            "post_median": 45.947515340382012,
            "change_mean": 1.2956328524768448,
            "change_sd": 6.1397037961978178,
            "r": 0.73672823850089997,
        },
        # t.test(post, pre, paired = TRUE)
        "t_test": {
            "statistic": 1.4921742258670501,
            "df": 49,
            "p_value": 0.14206434376627763,
            "ci95": (
                -0.44925166007777084,
                3.0405173650314601,
            ),
            "estimate": 1.2956328524768448,
        },
        # suppressWarnings(wilcox.test(post, pre, paired = TRUE))
        "wilcoxon": {
            "statistic": 826,
            "p_value": 0.069552130654661051,
            "method": "Wilcoxon signed rank test with continuity correction",
            "exact": False,
            "correction": True,
        },
        # shapiro.test(post - pre)
        "shapiro": {
            "statistic": 0.97860812281260812,
            "p_value": 0.49487108125692142,
        },
        # effectsize::cohens_d(post, pre, paired = TRUE)
        # 0.8.3: d_z = mean(d) / sd(d); CI by optim on pt() (abstol 1e-9)
        "cohens_d": {
            "value": 0.21102530276447562,
            "ci95": (
                -0.070321650066819716,
                0.49027000863303666,
            ),
        },
        # effectsize::hedges_g(post, pre, paired = TRUE)
        # 0.8.3: d_z and its CI times exact J(n - 1)
        "hedges_g": {
            "value": 0.20777597255382491,
            "ci95": (
                -0.069238849762630839,
                0.48272091793368432,
            ),
        },
        # t <- t.test(post, pre, paired = TRUE)$statistic
        # sapply(c(0.975, 0.025), function(p) uniroot(function(ncp) pt(t, n - 1, ncp) - p,
        #        c(t - 20 - abs(t), t + 20 + abs(t)), tol = 1e-13)$root) / sqrt(n)
        "d_z_ci_uniroot": (
            -0.070321610499619644,
            0.4902700695121921,
        ),
        # by hand, as effectsize 1.0.3 R/repeated_measures_d.R .paired_d(method = 'av'):
        # s <- sqrt((var(post) + var(pre)) / 2); d_av <- mean(post - pre) / s
        # se <- sqrt(var(post - pre) / n) / s   # Algina & Keselman 2003, eq 4
        # d_av_ci95 <- d_av + qnorm(c(.025, .975)) * se; g_av = d_av * J(n - 1), CI times J
        "av": {
            "d_av": 0.1551020878463395,
            "se": 0.10394368509898039,
            "d_av_ci95": (
                -0.048623791368034713,
                0.35882796706071368,
            ),
            "J": 0.98460217723617116,
            "g_av": 0.15271385338738175,
            "g_av_ci95": (
                -0.047875090846444326,
                0.35330279762120781,
            ),
        },
        # fitts_ci(pre, post)   # the CI peerimpact reports for g_av: an interval for delta_av (see above)
        "g_av_fitts": (
            -0.05554015410762566,
            0.3645419242115821,
        ),
    },
}

# effectsize::interpret_hedges_g(g, rules = "cohen1988")
INTERPRET_G = {
    "g": (
        -0.84999999999999998,
        -0.5,
        0.19989999999999999,
        0.20000000000000001,
        0.48999999999999999,
        0.5,
        0.79990000000000006,
        0.80000000000000004,
        1.3,
        0,
    ),
    "labels": (
        "large",
        "medium",
        "very small",
        "small",
        "small",
        "medium",
        "medium",
        "large",
        "large",
        "very small",
    ),
}
